"""``createIdentity`` for SICPA didcomm-python, which creates no DIDs: the keys come from the library's own
generators (``didcomm.secrets.secrets_util`` for X25519 and Ed25519) and its crypto backend (Authlib's
``ECKey`` for the EC curves); the did:peer:2 string (method 2 of the did:peer spec: ``.E`` key agreement,
``.V`` authentication, ``.S`` abbreviated service) and its document are the adapter's, since the library has
neither. The document goes to the agent's resolver and the private JWKs to its secrets, exactly as
``importIdentity`` does. The library has no transport, so there is no endpoint of its own.
"""
from __future__ import annotations

import base64
import json
from typing import Any, Dict, List, Tuple

from authlib.jose import ECKey
from didcomm.secrets.secrets_util import generate_ed25519_keys_as_jwk_dict, generate_x25519_keys_as_jwk_dict

from agent import Agent
from did_documents import jwk_to_multikey
from didcomm_adapter_kit import Unsupported

Json = Dict[str, Any]
OKP_GENERATORS = {"X25519": generate_x25519_keys_as_jwk_dict, "Ed25519": generate_ed25519_keys_as_jwk_dict}
EC_CURVES = {"P-256", "P-384", "P-521", "secp256k1"}


def _key_pair(curve: str) -> Tuple[Json, Json]:
    """A private and a public JWK, without the thumbprint ``kid`` Authlib adds (the key id is the DID URL)."""
    if curve in OKP_GENERATORS:
        private, public = OKP_GENERATORS[curve]()
    elif curve in EC_CURVES:
        key = ECKey.generate_key(curve, is_private=True)
        private, public = key.as_dict(is_private=True), key.as_dict(is_private=False)
    else:
        raise Unsupported(f"no {curve} keys")
    return _without_kid(private), _without_kid(public)


def _without_kid(jwk: Json) -> Json:
    return {k: v for k, v in jwk.items() if k != "kid"}


def _service(endpoint: str, routing_keys: List[str]) -> str:
    abbreviated = {"t": "dm", "s": {"uri": endpoint, "a": ["didcomm/v2"], "r": routing_keys}}
    text = json.dumps(abbreviated, separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(text).decode("ascii").rstrip("=")


def create_identity(agent: Agent, params: Json) -> Json:
    if params.get("didMethod") != "peer:2":
        raise Unsupported(f"the adapter creates did:peer:2 only (didcomm-python creates no DIDs), not {params.get('didMethod')}")
    endpoint = params.get("endpoint")
    if endpoint in ("self:http", "self:ws"):
        raise Unsupported("didcomm-python has no transport: the agent has no endpoint of its own")
    pairs = [("E", _key_pair(curve)) for curve in params.get("keyAgreement") or ["X25519"]]
    pairs += [("V", _key_pair(curve)) for curve in params.get("authentication") or ["Ed25519"]]
    did = "did:peer:2" + "".join(f".{purpose}{jwk_to_multikey(public)}" for purpose, (_, public) in pairs)
    routing_keys = list(params.get("routingKeys") or [])
    if endpoint is not None:
        did += ".S" + _service(endpoint, routing_keys)
    methods, agreement, authentication, secrets = [], [], [], []
    for index, (purpose, (private, public)) in enumerate(pairs, start=1):
        kid = f"{did}#key-{index}"
        methods.append({"id": kid, "type": "JsonWebKey2020", "controller": did, "publicKeyJwk": public})
        (agreement if purpose == "E" else authentication).append(kid)
        secrets.append({**private, "kid": kid})
    document: Json = {"id": did, "verificationMethod": methods, "keyAgreement": agreement, "authentication": authentication}
    if endpoint is not None:
        document["service"] = [{
            "id": f"{did}#service", "type": "DIDCommMessaging",
            "serviceEndpoint": {"uri": endpoint, "accept": ["didcomm/v2"], "routingKeys": routing_keys},
        }]
    agent.import_identity({"didDocument": document, "secrets": secrets})
    return {"did": did, "didDocument": document}
