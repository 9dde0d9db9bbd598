"""The adapter side of protocol v1 over stdio: one JSON-RPC 2.0 request per line on stdin, exactly one reply
per line on stdout, in order (docs/adapter-protocol.md, "Transports").

A handler is a plain or ``async`` function taking the request's ``params`` dict and returning the result. It
raises ``Unsupported`` for what the agent cannot do (answered -32601: the harness skips the case); any other
exception is answered -32603 with its type and message (the harness records the case as errored). A
*rejection* of a message is not an exception: ``pack`` and ``unpack`` return ``{"status": "rejected", ...}``.

stdout carries replies only. The loop keeps the real stdout for itself and points file descriptor 1 and
``sys.stdout`` at stderr, so a library that prints cannot corrupt the stream; logging goes to stderr.
"""
from __future__ import annotations

import asyncio
import inspect
import json
import logging
import os
import sys
import traceback
from typing import Any, Awaitable, Callable, Dict, Mapping, Optional, Tuple, Union

Handler = Callable[[Dict[str, Any]], Union[Any, Awaitable[Any]]]

METHOD_NOT_FOUND = -32601
PARSE_ERROR = -32700
INVALID_REQUEST = -32600
INVALID_PARAMS = -32602
INTERNAL_ERROR = -32603

LOG = logging.getLogger("didcomm_adapter_kit")


class Unsupported(Exception):
    """The agent cannot do this (a method, an envelope, a DID method): answered -32601, the case is skipped."""


class _Reply:
    """Writes one JSON line per reply to the stdout the process started with, flushed at once."""

    def __init__(self) -> None:
        sys.stdout.flush()
        self._out = os.fdopen(os.dup(1), "wb", buffering=0)
        # Whatever else writes to stdout (a library's print) now lands in the log instead.
        os.dup2(2, 1)
        sys.stdout = sys.stderr

    def send(self, message: Mapping[str, Any]) -> None:
        # ASCII-only JSON: no raw newline, no unpaired surrogate can break the line framing.
        line = json.dumps(message, ensure_ascii=True, allow_nan=False, separators=(",", ":"))
        self._out.write(line.encode("ascii") + b"\n")


def _error(request_id: Any, code: int, message: str) -> Dict[str, Any]:
    return {"jsonrpc": "2.0", "id": request_id, "error": {"code": code, "message": message[:10_000]}}


def _one_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0] if text else ''}".rstrip(": ")


async def _dispatch(handlers: Mapping[str, Handler], raw: bytes) -> Tuple[Optional[str], Optional[Dict[str, Any]]]:
    """The method of one request line and its reply (None for a notification, which gets none)."""
    try:
        request = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        return None, _error(None, PARSE_ERROR, f"not JSON: {_one_line(error)}")
    if not isinstance(request, dict) or not isinstance(request.get("method"), str):
        return None, _error(request.get("id") if isinstance(request, dict) else None, INVALID_REQUEST, "not a JSON-RPC request")
    request_id = request.get("id")
    method = request["method"]
    params = request.get("params", {})
    if not isinstance(params, dict):
        return method, _error(request_id, INVALID_PARAMS, "params must be an object")
    handler = handlers.get(method)
    try:
        if handler is None:
            raise Unsupported(f"method {method} is not implemented")
        result = handler(params)
        if inspect.isawaitable(result):
            result = await result
        reply: Dict[str, Any] = {"jsonrpc": "2.0", "id": request_id, "result": result}
        json.dumps(reply, allow_nan=False)  # a result that is not JSON is the adapter's error, not a broken line
    except Unsupported as error:
        return method, _error(request_id, METHOD_NOT_FOUND, str(error) or f"{method} is not supported")
    except Exception as error:  # noqa: BLE001 - every failure becomes a reply, the loop goes on
        LOG.error("%s failed: %s", method, _one_line(error))
        if os.environ.get("DIDCOMM_ADAPTER_DEBUG"):
            LOG.error("%s", traceback.format_exc())
        return method, _error(request_id, INTERNAL_ERROR, _one_line(error))
    return method, (reply if "id" in request else None)


def serve(handlers: Union[Mapping[str, Handler], Callable[[], Mapping[str, Handler]]], *, log_level: int = logging.INFO) -> None:
    """Answers requests until ``shutdown`` or the end of stdin, then returns.

    ``handlers`` maps method names to handlers; a missing method is answered -32601. It may instead be a
    function returning that mapping: it is called once stdout is protected, so whatever the imports inside it
    print cannot reach the stream. ``shutdown`` needs no handler: it replies ``{}`` and ends the loop (a
    handler of that name runs first, e.g. to close files).
    """
    logging.basicConfig(stream=sys.stderr, level=log_level, format="%(name)s: %(message)s")
    reply = _Reply()
    table = handlers() if callable(handlers) else handlers
    asyncio.run(_loop({**table, "shutdown": _shutdown(table.get("shutdown"))}, reply))


def _shutdown(own: Optional[Handler]) -> Handler:
    async def shutdown(params: Dict[str, Any]) -> Dict[str, Any]:
        if own is not None:
            result = own(params)
            if inspect.isawaitable(result):
                await result
        return {}

    return shutdown


async def _loop(handlers: Mapping[str, Handler], reply: _Reply) -> None:
    loop = asyncio.get_running_loop()
    stdin = sys.stdin.buffer
    while True:
        # A thread reads the line: no size limit on a request, and handlers keep the event loop to themselves.
        raw = await loop.run_in_executor(None, stdin.readline)
        if not raw:
            return
        if not raw.strip():
            continue
        method, answer = await _dispatch(handlers, raw)
        if answer is not None:
            reply.send(answer)
        if method == "shutdown":
            return
