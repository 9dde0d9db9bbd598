"""DID documents in the model SICPA didcomm-python reads (its ``DIDDoc``, a pydid 0.3 ``DIDDocument``): the
kit's normalized shape, with
- a ``Multikey`` method (did:peer documents) re-expressed as the same key in a ``JsonWebKey2020``, a type
  the library reads (``didcomm/core/utils.py`` reads JsonWebKey2020 and the X25519/Ed25519 2018-2020 types);
- a DIDCommMessaging service in the library's service model (pydid's ``DIDCommService``, as its own test
  documents build it): ``serviceEndpoint`` the URI, ``accept`` and ``routingKeys`` beside it, no recipient
  keys. The library reads ``accept`` and ``routing_keys`` there, not inside an endpoint object.
Key material is re-encoded, never changed.
"""
from __future__ import annotations

import base64
from typing import Any, Dict

import base58
import varint
from cryptography.hazmat.primitives.asymmetric import ec

from didcomm_adapter_kit.documents import normalized

Json = Dict[str, Any]

#: Multicodec code -> (JWK kty, crv) of the public keys a did:peer:2 may carry.
MULTICODEC_KEYS = {
    0xEC: ("OKP", "X25519"),
    0xED: ("OKP", "Ed25519"),
    0xE7: ("EC", "secp256k1"),
    0x1200: ("EC", "P-256"),
    0x1201: ("EC", "P-384"),
    0x1202: ("EC", "P-521"),
}
CODEC_OF = {crv: code for code, (_, crv) in MULTICODEC_KEYS.items()}
EC_CURVES = {"secp256k1": ec.SECP256K1(), "P-256": ec.SECP256R1(), "P-384": ec.SECP384R1(), "P-521": ec.SECP521R1()}


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def multikey_to_jwk(multikey: str) -> Json:
    """A base58btc multikey as a public JWK (EC points are stored compressed in multikeys)."""
    if not multikey.startswith("z"):
        raise ValueError(f"not a base58btc multikey: {multikey[:12]}")
    raw = base58.b58decode(multikey[1:])
    code = varint.decode_bytes(raw)
    kty, crv = MULTICODEC_KEYS[code]
    key = raw[len(varint.encode(code)):]
    if kty == "OKP":
        return {"kty": kty, "crv": crv, "x": _b64(key)}
    numbers = ec.EllipticCurvePublicKey.from_encoded_point(EC_CURVES[crv], key).public_numbers()
    size = (EC_CURVES[crv].key_size + 7) // 8
    return {"kty": kty, "crv": crv, "x": _b64(numbers.x.to_bytes(size, "big")), "y": _b64(numbers.y.to_bytes(size, "big"))}


def jwk_to_multikey(jwk: Json) -> str:
    """A public JWK as a base58btc multikey (compressed EC point), for a did:peer:2 string. The compressed point
    holds x at the curve's full size (SEC 1 §2.3.3): the library's generated JWKs sometimes drop a leading zero
    byte of a coordinate (its genuine RFC 7518 §6.2.1.2 bug, left as it is in the JWKs it gives), and copying
    those bytes as they are made a multikey no resolver can read."""
    x = _unb64(jwk["x"])
    if jwk["kty"] == "OKP":
        key = x
    else:
        size = (EC_CURVES[jwk["crv"]].key_size + 7) // 8
        key = bytes([2 + (_unb64(jwk["y"])[-1] & 1)]) + int.from_bytes(x, "big").to_bytes(size, "big")
    return "z" + base58.b58encode(varint.encode(CODEC_OF[jwk["crv"]]) + key).decode("ascii")


def _method(method: Json) -> Json:
    if method.get("type") != "Multikey" or not isinstance(method.get("publicKeyMultibase"), str):
        return method
    try:
        jwk = multikey_to_jwk(method["publicKeyMultibase"])
    except (ValueError, KeyError):
        return method  # not a key this adapter can re-encode: the library says what it makes of it
    shaped = {k: v for k, v in method.items() if k != "publicKeyMultibase"}
    return {**shaped, "type": "JsonWebKey2020", "publicKeyJwk": jwk}


def _service(service: Json) -> Json:
    endpoint = service.get("serviceEndpoint")
    if service.get("type") != "DIDCommMessaging" or not isinstance(endpoint, dict):
        return service
    shaped = {"id": service["id"], "type": "DIDCommMessaging", "serviceEndpoint": endpoint.get("uri"), "recipientKeys": []}
    for member in ("accept", "routingKeys"):
        if member in endpoint:
            shaped[member] = endpoint[member]
    return shaped


def for_library(document: Json) -> Json:
    """``document`` as a dict the library's ``DIDDoc.deserialize`` accepts."""
    shaped = normalized(document, _method)
    if "service" in shaped:
        shaped["service"] = [_service(service) for service in shaped["service"]]
    return shaped
