"""Finds what an agent does, each direction apart, rather than copying the spec's list.

- **Receives**: a fresh agent holding a vector key set (the spec's or SICPA's) unpacks each single-layer
  positive vector of that set (messages made by other implementations); each one it accepts with the
  expected message ``id`` proves the envelope, curve and algorithms of its outer layer.
- **Sends**: the agent packs to the same parties on every curve, with every signing algorithm and every
  content encryption; each packed message whose wire says what was asked (signer ``kid`` and ``alg``;
  ``alg``, ``enc``, ``epk`` curve, recipient kids of the asked curve, sender kid) proves that combination.
  Whether another implementation can open it is what the harness's sender cases then judge.

The agent is driven through the same protocol-shaped calls the harness makes (``import_identity``,
``pack``, ``unpack`` with protocol v1 params and results), so the probe tests the adapter's real code path.
"""
from __future__ import annotations

import base64
import inspect
import json
import logging
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, List, Optional, Protocol, Union

from .claims import Claims
from .vectors import SIGNING_CURVES, Party, VectorFolder

LOG = logging.getLogger("didcomm_adapter_kit.probe")

KEY_AGREEMENT_CURVES = ["X25519", "P-256", "P-384", "P-521"]
ENCRYPTIONS = ["A256CBC-HS512", "A256GCM", "XC20P"]
SIGNERS = [("EdDSA", "did:example:alice#key-1"), ("ES256", "did:example:alice#key-2"), ("ES256K", "did:example:alice#key-3")]
ALICE, BOB, MEDIATOR1 = "did:example:alice", "did:example:bob", "did:example:mediator1"

Maybe = Union[Any, Awaitable[Any]]


class ProbeAgent(Protocol):
    """A fresh agent as the probe drives it: protocol v1 params in, protocol v1 results out."""

    def import_identity(self, params: Dict[str, Any]) -> Maybe: ...

    def pack(self, params: Dict[str, Any]) -> Maybe: ...

    def unpack(self, params: Dict[str, Any]) -> Maybe: ...


async def _call(value: Maybe) -> Any:
    return await value if inspect.isawaitable(value) else value


def _b64json(segment: Any) -> Dict[str, Any]:
    try:
        return json.loads(base64.urlsafe_b64decode(str(segment) + "=" * (-len(str(segment)) % 4)))
    except ValueError:
        return {}


async def _agent_with(new_agent: Callable[[], Maybe], parties: List[Party]) -> Any:
    agent = await _call(new_agent())
    for party in parties:
        await _call(agent.import_identity({"didDocument": party.document, "secrets": party.secrets}))
    return agent


async def probe_receiving(new_agent: Callable[[], Maybe], folder: VectorFolder, claims: Claims) -> None:
    parties = {keys: folder.parties(keys) for keys in ("sicpa", "spec")}
    for vector in folder.probe_vectors():
        agent = await _agent_with(new_agent, parties[vector.keys])
        try:
            result = await _call(agent.unpack({"packed": vector.packed}))
        except Exception as error:  # noqa: BLE001 - an adapter that cannot even try proves nothing
            LOG.debug("receive probe %s: %s", vector.id, error)
            continue
        if result.get("status") == "accepted" and result.get("message", {}).get("id") == vector.expected_id:
            claims.received(vector.envelope, vector.curve, *vector.algorithms)
        else:
            LOG.debug("receive probe %s: %s", vector.id, result.get("error") or "another message")


def _wire_says(params: Dict[str, Any], packed: str, bob: Party, mediator1: Party) -> bool:
    """The packed message is the envelope asked for, with the asked keys and algorithms."""
    try:
        wire = json.loads(packed)
    except ValueError:
        return False
    if not isinstance(wire, dict):
        return False
    envelope = params["envelope"]
    if envelope == "plaintext":
        return wire.get("id") == params["message"]["id"]
    if envelope == "signed":
        signatures = wire.get("signatures") or [wire]
        if len(signatures) != 1 or not isinstance(signatures[0], dict):
            return False
        protected = _b64json(signatures[0].get("protected", ""))
        kid = protected.get("kid") or (signatures[0].get("header") or {}).get("kid")
        return kid == params["signBy"] and protected.get("alg") == params["_alg"]
    header = _b64json(wire.get("protected", ""))
    recipients = wire.get("recipients") or []
    kids = [(r.get("header") or {}).get("kid") for r in recipients if isinstance(r, dict)]
    epks = [header.get("epk")] if header.get("epk") else [(r.get("header") or {}).get("epk") for r in recipients if isinstance(r, dict)]
    curve = params["curve"]
    if not kids or not all(kid in bob.key_agreement_on(curve) for kid in kids):
        return False
    if not epks or not all(isinstance(epk, dict) and epk.get("crv") == curve for epk in epks):
        return False
    if header.get("enc") != params["enc"]:
        return False
    if envelope == "anoncrypt":
        return header.get("alg") == "ECDH-ES+A256KW"
    sender = header.get("skid") or _b64(header.get("apu"))
    return header.get("alg") == "ECDH-1PU+A256KW" and sender in mediator1.key_agreement_on(curve)


def _b64(value: Any) -> Optional[str]:
    try:
        return base64.urlsafe_b64decode(str(value) + "=" * (-len(str(value)) % 4)).decode("utf-8") if value else None
    except ValueError:
        return None


def _send_probes() -> List[Dict[str, Any]]:
    """Every pack the probe asks for: ``_claim`` is what it proves (envelope, curve, algorithms)."""
    def message(frm: Optional[str]) -> Dict[str, Any]:
        return {"id": "probe-1", "type": "https://didcomm.org/basicmessage/2.0/message", **({"from": frm} if frm else {}), "to": [BOB], "body": {"content": "probe"}}

    probes: List[Dict[str, Any]] = [{"message": message(ALICE), "envelope": "plaintext", "_claim": ("plaintext", None, [])}]
    for alg, kid in SIGNERS:
        probes.append({"message": message(ALICE), "envelope": "signed", "signBy": kid, "_alg": alg, "_claim": ("signed", SIGNING_CURVES[alg], [alg])})
    for curve in KEY_AGREEMENT_CURVES:
        for enc in ENCRYPTIONS:
            probes.append({"message": message(None), "envelope": "anoncrypt", "to": [BOB], "curve": curve, "enc": enc, "_claim": ("anoncrypt", curve, ["ECDH-ES+A256KW", enc])})
        probes.append({
            "message": message(MEDIATOR1), "envelope": "authcrypt", "to": [BOB], "from": MEDIATOR1, "curve": curve, "enc": "A256CBC-HS512",
            "_claim": ("authcrypt", curve, ["ECDH-1PU+A256KW", "A256CBC-HS512"]),
        })
    return probes


async def probe_sending(new_agent: Callable[[], Maybe], folder: VectorFolder, claims: Claims) -> None:
    parties = folder.sicpa_parties()
    by_did = {party.did: party for party in parties}
    agent = await _agent_with(new_agent, parties)
    for probe in _send_probes():
        params = {key: value for key, value in probe.items() if not key.startswith("_")}
        try:
            result = await _call(agent.pack(params))
        except Exception as error:  # noqa: BLE001 - Unsupported or a failure: not proved
            LOG.debug("send probe %s: %s", probe["_claim"], error)
            continue
        if result.get("status") == "packed" and _wire_says(probe, result["packed"], by_did[BOB], by_did[MEDIATOR1]):
            envelope, curve, algorithms = probe["_claim"]
            claims.sent(envelope, curve, *algorithms)
        else:
            LOG.debug("send probe %s: %s", probe["_claim"], result.get("error") or "the wire differs from what was asked")


async def probe(new_agent: Callable[[], Maybe], vectors: Path) -> Claims:
    """Claims proved by probing fresh agents from ``new_agent`` with the ``vectors`` folder of a checkout."""
    folder = VectorFolder(vectors)
    claims = Claims()
    # The probe's own refusals (keys a library cannot load, messages it rejects) are not the run's news.
    logging.disable(logging.WARNING)
    try:
        await probe_receiving(new_agent, folder, claims)
        await probe_sending(new_agent, folder, claims)
    finally:
        logging.disable(logging.NOTSET)
    return claims
