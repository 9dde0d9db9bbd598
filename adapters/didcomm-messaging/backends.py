"""didcomm-messaging's two crypto backends, as the adapter uses them: the library's ``CryptoService`` and key
classes of each, how a private JWK becomes the backend's secret key, how the backend generates a key for
``createIdentity``, and which verification method form the backend reads (input translation, see
did_documents.py). Nothing here encrypts or decrypts: that is the library's ``CryptoService``.
"""
from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any, Callable, Dict, Tuple

from didcomm_adapter_kit import Unsupported
from didcomm_messaging.crypto.base import CryptoService, SecretKey
from didcomm_messaging.multiformats import multibase, multicodec

# The multicodec names the library knows (didcomm_messaging.multiformats.multicodec), per JWK curve.
OKP_CODECS = {"X25519": "x25519-pub", "Ed25519": "ed25519-pub"}


@dataclass
class Backend:
    name: str
    crypto: CryptoService
    #: A private JWK (no ``kid``) and its key id as the backend's secret key; raises when it cannot load it.
    secret_from_jwk: Callable[[Dict[str, Any], str], SecretKey]
    #: A fresh key on a curve: the secret (for a kid filled in later) and its public key as a multikey.
    generate: Callable[[str], Tuple[Callable[[str], SecretKey], str]]
    #: Whether the backend reads ``JsonWebKey2020`` methods (Askar does; the Authlib backend reads multikeys only).
    reads_jwk_methods: bool

    def method_for_library(self, method: Dict[str, Any]) -> Dict[str, Any]:
        """A verification method in a form the backend reads: for the Authlib backend an OKP ``JsonWebKey2020``
        becomes the same key as a ``Multikey`` (the library's own encoding); an EC key has no form it reads."""
        jwk = method.get("publicKeyJwk")
        if self.reads_jwk_methods or method.get("type") != "JsonWebKey2020" or not isinstance(jwk, dict) or jwk.get("crv") not in OKP_CODECS:
            return method
        shaped = {k: v for k, v in method.items() if k != "publicKeyJwk"}
        return {**shaped, "type": "Multikey", "publicKeyMultibase": okp_multikey(jwk)}


def okp_multikey(jwk: Dict[str, Any]) -> str:
    """An OKP public JWK as the library's own multikey encoding (base58btc, multicodec prefix)."""
    raw = base64.urlsafe_b64decode(jwk["x"] + "=" * (-len(jwk["x"]) % 4))
    return multibase.encode(multicodec.wrap(multicodec.multicodec(OKP_CODECS[jwk["crv"]]), raw), "base58btc")


def askar() -> Backend:
    from aries_askar import Key, KeyAlg
    from didcomm_messaging.crypto.backend.askar import AskarCryptoService, AskarKey, AskarSecretKey

    algs = {"X25519": KeyAlg.X25519, "Ed25519": KeyAlg.ED25519, "secp256k1": KeyAlg.K256, "P-256": KeyAlg.P256, "P-384": KeyAlg.P384}

    def generate(curve: str) -> Tuple[Callable[[str], SecretKey], str]:
        if curve not in algs:
            raise Unsupported(f"Askar generates no {curve} keys")
        key = Key.generate(algs[curve])
        try:
            multikey = AskarKey.key_to_multikey(key)
        except ValueError as error:
            raise Unsupported(f"didcomm-messaging has no multikey form for {curve} keys ({error})") from error
        return (lambda kid: AskarSecretKey(key, kid)), multikey

    return Backend(
        name="askar",
        crypto=AskarCryptoService(),
        secret_from_jwk=lambda jwk, kid: AskarSecretKey(Key.from_jwk(jwk), kid),
        generate=generate,
        reads_jwk_methods=True,
    )


def authlib() -> Backend:
    import warnings

    import authlib.deprecate  # noqa: F401 - it installs an "always" filter for its warnings: let it, then override

    with warnings.catch_warnings():
        # Authlib 1.x announces that authlib.jose moves to joserfc; the backend imports it all the same.
        warnings.simplefilter("ignore")
        from authlib.jose import JsonWebKey, OKPKey
        from didcomm_messaging.crypto.backend.authlib import AuthlibCryptoService, AuthlibKey, AuthlibSecretKey

    def generate(curve: str) -> Tuple[Callable[[str], SecretKey], str]:
        if curve not in OKP_CODECS:
            raise Unsupported(f"the Authlib backend of didcomm-messaging has keys on X25519 and Ed25519 only, not {curve}")
        key = OKPKey.generate_key(curve, is_private=True)
        return (lambda kid: AuthlibSecretKey(key, kid)), AuthlibKey.key_to_multikey(key)

    return Backend(
        name="authlib",
        crypto=AuthlibCryptoService(),
        secret_from_jwk=lambda jwk, kid: AuthlibSecretKey(JsonWebKey.import_key(jwk), kid),
        generate=generate,
        reads_jwk_methods=False,
    )


BACKENDS = {"askar": askar, "authlib": authlib}
