"""{{name}}: a DIDComm Messaging v2 adapter for didcomm-conformance (protocol v1 over stdio).

This starting point speaks the protocol and passes `didcomm-conformance adapter check`, with a stand-in agent
that handles plaintext only. Replace the stand-in with calls to your library, one method at a time:

- ``pack``/``unpack``: your library's pack and unpack, translating the params and results (see the method
  schemas in the harness's src/adapter/protocol/v1/ and docs/adapter-protocol.md). A message the agent
  refuses is a result, ``{"status": "rejected", "error": {...}}``, not an exception.
- ``describe``: claim only what the agent does, each direction apart (``Claims.received``/``Claims.sent``);
  the kit's ``didcomm_adapter_kit.probe`` finds it with the harness's vectors.
- what the agent cannot do raises ``Unsupported``: the harness skips those cases.

Log to stderr (``logging``); stdout carries the protocol only (the kit guards it).
"""
import json
import sys
from pathlib import Path

sys.dont_write_bytecode = True  # the adapter runs from its source folder: leave no __pycache__ in it
sys.path.insert(0, str(Path(__file__).resolve().parent / "{{kit}}"))

from didcomm_adapter_kit import Claims, Unsupported, serve, with_benchmark  # noqa: E402

IMPLEMENTATION = {"name": "{{name}}", "version": "0.0.0", "language": "Python"}  # keep in step with adapter.json
PLAINTEXT = "application/didcomm-plain+json"


class StandInAgent:
    """What your library holds: DID documents it was taught and the identities it owns."""

    def __init__(self) -> None:
        self.documents = {}
        self.secrets = {}

    def pack(self, params):
        if params["envelope"] != "plaintext":
            raise Unsupported(f"the stand-in agent packs plaintext only, not {params['envelope']}")
        return {"status": "packed", "packed": json.dumps(params["message"]), "mediaType": PLAINTEXT}

    def unpack(self, params):
        try:
            message = json.loads(params["packed"])
        except ValueError as error:
            return {"status": "rejected", "error": {"code": "not-json", "message": str(error)}}
        if not isinstance(message, dict) or "ciphertext" in message or "payload" in message:
            return {"status": "rejected", "error": {"code": "not-plaintext", "message": "the stand-in agent reads plaintext only"}}
        flags = {"encrypted": False, "authenticated": False, "nonRepudiation": False, "anonymousSender": False}
        return {"status": "accepted", "message": message, "metadata": {**flags, "layers": [{"kind": "plaintext"}]}}


def handlers():
    agent = StandInAgent()
    claims = Claims()
    claims.received("plaintext")
    claims.sent("plaintext")

    def reset(_):
        nonlocal agent
        agent = StandInAgent()
        return {}

    def import_identity(params):
        document = params["didDocument"]
        agent.documents[document["id"]] = document
        for jwk in params.get("secrets", []):
            agent.secrets[jwk["kid"]] = jwk
        return {"did": document["id"]}

    def register(params):
        agent.documents[params["didDocument"]["id"]] = params["didDocument"]
        return {}

    table = {
        "describe": lambda _: {"protocolVersion": 1, "implementation": IMPLEMENTATION, "capabilities": claims.capabilities()},
        "reset": reset,
        "importIdentity": import_identity,
        "registerDidDocument": register,
        "pack": lambda params: agent.pack(params),
        "unpack": lambda params: agent.unpack(params),
        # createIdentity, send, received, protocol: not implemented yet, so answered -32601 (skipped).
    }
    # The optional benchmark: pack then unpack N messages through the two handlers above, in this process.
    return with_benchmark(table)


if __name__ == "__main__":
    serve(handlers)
