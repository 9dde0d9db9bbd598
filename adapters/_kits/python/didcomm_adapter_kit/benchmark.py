"""The optional ``benchmark`` method (docs/adapter-protocol.md): pack the requested message ``iterations`` times
through the adapter's own ``pack`` handler, then unpack every one of those messages through its ``unpack``
handler, each loop timed inside this process (no JSON-RPC, no pipe). The figure includes the adapter's
translation of the call into its library's API, as a caller of that library pays it too."""
from __future__ import annotations

import inspect
import time
from typing import Any, Dict, List, Mapping

from .rpc import Handler


async def _call(handler: Handler, params: Dict[str, Any]) -> Any:
    result = handler(params)
    return await result if inspect.isawaitable(result) else result


def benchmark_through(pack: Handler, unpack: Handler) -> Handler:
    """A ``benchmark`` handler over ``pack`` and ``unpack``."""

    async def benchmark(params: Dict[str, Any]) -> Dict[str, Any]:
        iterations = params["iterations"]
        request = params["pack"]
        packed: List[str] = []
        started = time.perf_counter()
        for _ in range(iterations):
            result = await _call(pack, request)
            if result.get("status") != "packed":
                # A mode the library refuses is not measured: the harness shows the rejection as the reason.
                return {"status": "rejected", "error": result["error"]}
            packed.append(result["packed"])
        pack_ms = (time.perf_counter() - started) * 1000
        accepted = 0
        started = time.perf_counter()
        for text in packed:
            if (await _call(unpack, {"packed": text})).get("status") == "accepted":
                accepted += 1
        unpack_ms = (time.perf_counter() - started) * 1000
        return {"status": "measured", "packed": len(packed), "unpacked": accepted, "packMs": pack_ms, "unpackMs": unpack_ms, "sample": packed[-1]}

    return benchmark


def with_benchmark(table: Mapping[str, Handler]) -> Dict[str, Handler]:
    """``table`` plus a ``benchmark`` over its own ``pack`` and ``unpack``."""
    return {**table, "benchmark": benchmark_through(table["pack"], table["unpack"])}
