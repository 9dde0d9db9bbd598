"""The parts of a didcomm-conformance checkout's ``vectors/`` folder a capability probe needs: the parties of
its two key sets (the spec's Alice and Bob; SICPA's Alice, Bob, Charlie and three mediators: the DID
documents and private JWKs the harness itself imports into adapters) and their positive vectors with one
envelope layer, each with what that layer is. The vectors were produced by other implementations (the spec's
authors, SICPA's didcomm-rust, the harness's reference), so an agent that unpacks one has proved it
*receives* that kind of message, whatever it can send.
"""
from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional

SICPA_DOCUMENTS = ["ALICE_DID_DOC", "BOB_DID_DOC", "CHARLIE_DID_DOC", "MEDIATOR1_DID_DOC", "MEDIATOR2_DID_DOC", "MEDIATOR3_DID_DOC"]
SICPA_SECRETS = ["ALICE_SECRETS", "BOB_SECRETS", "CHARLIE_SECRETS", "MEDIATOR1_SECRETS", "MEDIATOR2_SECRETS", "MEDIATOR3_SECRETS"]
SIGNING_CURVES = {"EdDSA": "Ed25519", "ES256": "P-256", "ES256K": "secp256k1"}


@dataclass
class Party:
    """A DID document and its private JWKs (``kid`` = absolute key id), as ``importIdentity`` takes them."""

    did: str
    document: Dict[str, Any]
    secrets: List[Dict[str, Any]] = field(default_factory=list)

    def key_agreement_on(self, curve: str) -> List[str]:
        """The keyAgreement key ids of this party on ``curve``, in document order."""
        curves = {m["id"]: m.get("publicKeyJwk", {}).get("crv") for m in self.document.get("verificationMethod", [])}
        return [kid for kid in self.document.get("keyAgreement", []) if isinstance(kid, str) and curves.get(kid) == curve]


@dataclass
class ProbeVector:
    """One positive vector with a single envelope layer around the plaintext."""

    id: str
    keys: str
    packed: str
    expected_id: Optional[str]
    envelope: str
    curve: Optional[str]
    algorithms: List[str]


def _b64json(segment: str) -> Dict[str, Any]:
    return json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))


def _pointer(document: Any, pointer: str) -> Any:
    for token in [t for t in pointer.split("/")[1:]]:
        token = token.replace("~1", "/").replace("~0", "~")
        document = document[int(token)] if isinstance(document, list) else document[token]
    return document


class VectorFolder:
    """A ``vectors/`` folder of a didcomm-conformance checkout."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _json(self, relative: str) -> Any:
        return json.loads((self.root / relative).read_text(encoding="utf-8"))

    def _value(self, ref: Dict[str, Any]) -> Any:
        value = self._json(ref["file"])
        if "key" in ref:
            value = value[ref["key"]]
        if "pointer" in ref:
            value = _pointer(value, ref["pointer"])
        return value

    def parties(self, keys: str) -> List[Party]:
        """The parties of key set ``keys`` (``sicpa`` or ``spec``), as the harness imports them."""
        if keys == "spec":
            documents = list(self._json("upstream/didcomm-spec/did-docs.json").values())
            # The spec's Appendix A spells the member "kid " (VEC-002): the harness hands adapters "kid".
            secrets = [
                {**{k: v for k, v in entry.items() if k != "kid "}, "kid": entry.get("kid", entry.get("kid "))}
                for entries in self._json("upstream/didcomm-spec/secrets.json").values()
                for entry in entries
            ]
        else:
            by_name = self._json("upstream/sicpa-didcomm-rust/did-docs.json")
            documents = [by_name[name] for name in SICPA_DOCUMENTS]
            sets = self._json("upstream/sicpa-didcomm-rust/secrets.json")
            secrets = [{**entry["privateKeyJwk"], "kid": entry["id"]} for name in SICPA_SECRETS for entry in sets.get(name, [])]
        return [Party(d["id"], d, [s for s in secrets if s["kid"].split("#")[0] == d["id"]]) for d in documents]

    def sicpa_parties(self) -> List[Party]:
        return self.parties("sicpa")

    def probe_vectors(self) -> List[ProbeVector]:
        """The positive vectors of both key sets with one envelope layer (or none) around the plaintext."""
        found = []
        for expectations in ("expectations/upstream.json", "expectations/generated.json"):
            for entry in self._json(expectations):
                expect = entry.get("expect", {})
                if entry.get("keys") not in ("sicpa", "spec") or expect.get("outcome") != "accept" or "negative" in entry["input"]["file"]:
                    continue
                layers = expect.get("layers") or []
                if len(layers) > 2 or (len(layers) == 2 and layers[1] != "plaintext") or not expect.get("plaintext"):
                    continue
                packed = self._value(entry["input"])
                plaintext = self._value(expect["plaintext"])
                if isinstance(plaintext, str):
                    plaintext = json.loads(plaintext)
                text = packed if isinstance(packed, str) else json.dumps(packed)
                vector = _describe(entry["id"], entry["keys"], text, layers[0], plaintext.get("id"))
                if vector is not None:
                    found.append(vector)
        return found


def _describe(vector_id: str, keys: str, packed: str, kind: str, expected_id: Optional[str]) -> Optional[ProbeVector]:
    """What the outer layer of ``packed`` is, read from its headers."""
    if kind == "plaintext":
        return ProbeVector(vector_id, keys, packed, expected_id, "plaintext", None, [])
    wire = json.loads(packed)
    if kind == "signed":
        signature = (wire.get("signatures") or [wire])[0]
        alg = _b64json(signature["protected"]).get("alg")
        if alg not in SIGNING_CURVES:
            return None
        return ProbeVector(vector_id, keys, packed, expected_id, "signed", SIGNING_CURVES[alg], [alg])
    header = _b64json(wire["protected"])
    curve = (header.get("epk") or {}).get("crv")
    if curve is None or "alg" not in header or "enc" not in header:
        return None
    return ProbeVector(vector_id, keys, packed, expected_id, kind, curve, [header["alg"], header["enc"]])
