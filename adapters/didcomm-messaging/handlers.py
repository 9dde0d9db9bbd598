"""Adapter protocol v1 handlers for didcomm-messaging with one of its crypto backends. The library has no
DID store and no transport: the agent is the documents the harness registers (didcomm-messaging's resolver
interface over them, then its own did:peer resolvers) and the private JWKs it imports (its in-memory secrets
manager). It has no transport and no protocols: ``send``, ``received`` and ``protocol`` are ``Unsupported``.
Capabilities are probed once per process (didcomm_adapter_kit.probe).
"""
from __future__ import annotations

from importlib.metadata import version
from pathlib import Path
from typing import Any, Dict, Optional

from didcomm_adapter_kit import Unsupported
from didcomm_adapter_kit.cache import cached, sources
from didcomm_adapter_kit.probe import probe

from agent import Agent
from backends import BACKENDS
from identities import create_identity

HERE = Path(__file__).resolve().parent
VECTORS = HERE.parents[1] / "vectors"
#: What decides the probe's answer (with the installed packages): kept across sessions (didcomm_adapter_kit.cache).
PROBE_INPUTS = [HERE, HERE.parent / "_kits" / "python"]
NAMES = {"askar": "Aries Askar", "authlib": "Authlib"}
Json = Dict[str, Any]


def handlers(backend_name: str) -> Dict[str, Any]:
    make_backend = BACKENDS[backend_name]
    agent = Agent(make_backend())
    capabilities: Optional[Json] = None

    async def describe(_: Json) -> Json:
        nonlocal capabilities
        if capabilities is None:
            async def probed() -> Json:
                claims = await probe(lambda: Agent(make_backend()), VECTORS)
                return claims.capabilities(did_methods=["example", "peer:2"])

            # Each backend's adapter has its own build folder, hence its own cache.
            capabilities = await cached(probed, [*sources(*PROBE_INPUTS), *sources(VECTORS, patterns=["*.json"])])
        return {
            "protocolVersion": 1,
            "implementation": {
                "name": f"didcomm-messaging ({NAMES[backend_name]} backend)",
                "version": version("didcomm-messaging"),
                "language": "Python",
                "homepage": "https://github.com/Indicio-tech/didcomm-messaging-python",
                "issues": "https://github.com/Indicio-tech/didcomm-messaging-python/issues",
            },
            "capabilities": capabilities,
        }

    def reset(_: Json) -> Json:
        nonlocal agent
        agent = Agent(make_backend())
        return {}

    def register(params: Json) -> Json:
        agent.register(params["didDocument"])
        return {}

    def no_transport(_: Json) -> Json:
        raise Unsupported("didcomm-messaging has no transport")

    def no_protocols(_: Json) -> Json:
        raise Unsupported("didcomm-messaging implements no protocols")

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
