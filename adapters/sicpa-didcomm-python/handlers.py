"""Adapter protocol v1 handlers for SICPA didcomm-python. The library has no DID resolver and no key store
of its own: the agent is the documents the harness registers and the private JWKs it imports. It has no
transport and no protocols: ``send``, ``received`` and ``protocol`` are ``Unsupported``. Capabilities are
probed once per process (didcomm_adapter_kit.probe).
"""
from __future__ import annotations

from importlib.metadata import version
from pathlib import Path
from typing import Any, Dict, Optional

from didcomm_adapter_kit import Unsupported
from didcomm_adapter_kit.cache import cached, sources
from didcomm_adapter_kit.probe import probe

from agent import Agent
from identities import create_identity

HERE = Path(__file__).resolve().parent
VECTORS = HERE.parents[1] / "vectors"
#: What decides the probe's answer (with the installed packages): kept across sessions (didcomm_adapter_kit.cache).
PROBE_INPUTS = [HERE, HERE.parent / "_kits" / "python"]
Json = Dict[str, Any]


def handlers() -> Dict[str, Any]:
    agent = Agent()
    capabilities: Optional[Json] = None

    async def describe(_: Json) -> Json:
        nonlocal capabilities
        if capabilities is None:
            async def probed() -> Json:
                return (await probe(Agent, VECTORS)).capabilities(did_methods=["example"])

            capabilities = await cached(probed, [*sources(*PROBE_INPUTS), *sources(VECTORS, patterns=["*.json"])])
        return {
            "protocolVersion": 1,
            "implementation": {
                "name": "didcomm-python (SICPA)",
                # The installed distribution's version: the package's own __version__ still says 0.3.1.
                "version": version("didcomm"),
                "language": "Python",
                "homepage": "https://github.com/sicpa-dlab/didcomm-python",
                "issues": "https://github.com/sicpa-dlab/didcomm-python/issues",
            },
            "capabilities": capabilities,
        }

    def reset(_: Json) -> Json:
        nonlocal agent
        agent = Agent()
        return {}

    def register(params: Json) -> Json:
        agent.register(params["didDocument"])
        return {}

    def no_transport(_: Json) -> Json:
        raise Unsupported("didcomm-python has no transport")

    def no_protocols(_: Json) -> Json:
        raise Unsupported("didcomm-python implements no protocols")

    return {
        "describe": describe,
        "reset": reset,
        "importIdentity": lambda params: agent.import_identity(params),
        "registerDidDocument": register,
        "createIdentity": lambda params: create_identity(agent, params),
        "pack": lambda params: agent.pack(params),
        "unpack": lambda params: agent.unpack(params),
        "send": no_transport,
        "received": no_transport,
        "protocol": no_protocols,
    }
