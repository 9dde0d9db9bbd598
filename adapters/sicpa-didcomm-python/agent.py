"""One SICPA didcomm-python agent: the DID documents and secrets it knows, and pack/unpack translated between
adapter protocol v1 and the library's API (``pack_plaintext``, ``pack_signed``, ``pack_encrypted``,
``unpack``). The library has no DID resolver or key store of its own: an application hands it both
(``ResolversConfig``); here they are the documents the harness registers, in the library's model (pydid 0.3
``DIDDoc``, see did_documents.py), and the private JWKs it imports. A library error becomes a rejection whose
code is the exception's class and whose message is the library's text, verbatim.
"""
from __future__ import annotations

import copy
from typing import Any, Dict, List, Optional

from didcomm import (
    AnonCryptAlg,
    DIDDoc,
    DIDResolver,
    Message,
    PackEncryptedConfig,
    ResolversConfig,
    Secret,
    SecretsResolver,
    pack_encrypted,
    pack_plaintext,
    pack_signed,
    unpack,
)
from didcomm.errors import MalformedMessageError
from didcomm.secrets.secrets_util import jwk_to_secret

from did_documents import for_library

Json = Dict[str, Any]
MEDIA_TYPES = {
    "plaintext": "application/didcomm-plain+json",
    "signed": "application/didcomm-signed+json",
    "anoncrypt": "application/didcomm-encrypted+json",
    "authcrypt": "application/didcomm-encrypted+json",
}
#: The library's names for anoncrypt content encryption (authcrypt is A256CBC-HS512 only: AuthCryptAlg).
ANON_ALGS = {alg.value.enc: alg for alg in AnonCryptAlg}


def rejected(code: str, message: str) -> Json:
    return {"status": "rejected", "error": {"code": code[:200] or "Error", "message": message[:10_000]}}


def library_rejection(error: BaseException) -> Json:
    """The library's exceptions keep their text in ``.message`` (and a ``code`` for malformed messages)."""
    text = getattr(error, "message", None) or str(error) or repr(error)
    if isinstance(error, MalformedMessageError):
        text = f"{error.code.name}: {text}"
    return rejected(type(error).__name__, str(text))


def cannot_express(what: str) -> Json:
    return rejected("ADAPTER_CANNOT_EXPRESS", f"didcomm-python's API cannot do this: {what}")


def _entry_id(entry: Any) -> Optional[str]:
    """The key id of a verification relationship's entry: a DID URL, or an embedded method's ``id``."""
    if isinstance(entry, str):
        return entry
    return entry.get("id") if isinstance(entry, dict) and isinstance(entry.get("id"), str) else None


class Documents(DIDResolver):
    """The library's resolver interface over the documents handed over (None for an unknown DID, as it expects)."""

    def __init__(self) -> None:
        self.documents: Dict[str, DIDDoc] = {}
        self.curve_first: Optional[tuple] = None

    async def resolve(self, did: str) -> Optional[DIDDoc]:
        document = self.documents.get(str(did))
        if document is not None and self.curve_first and self.curve_first[0] == str(did):
            return self.curve_first[1]
        return document


class Secrets(SecretsResolver):
    def __init__(self) -> None:
        self.secrets: Dict[str, Secret] = {}

    async def get_key(self, kid: str) -> Optional[Secret]:
        return self.secrets.get(str(kid))

    async def get_keys(self, kids: List[str]) -> List[str]:
        return [kid for kid in kids if str(kid) in self.secrets]


class Agent:
    def __init__(self) -> None:
        self.documents = Documents()
        self.secrets = Secrets()
        self.originals: Dict[str, Json] = {}
        self.config = ResolversConfig(secrets_resolver=self.secrets, did_resolver=self.documents)

    def register(self, document: Json) -> None:
        self.originals[document["id"]] = document
        self.documents.documents[document["id"]] = DIDDoc.deserialize(for_library(document))

    def add_secrets(self, secrets: List[Json]) -> None:
        for jwk in secrets:
            self.secrets.secrets[jwk["kid"]] = jwk_to_secret(jwk)

    def import_identity(self, params: Json) -> Json:
        self.register(params["didDocument"])
        self.add_secrets(params.get("secrets", []))
        return {"did": params["didDocument"]["id"]}

    # -- choosing a curve through the library's API ------------------------------------------------------

    def _methods_of(self, did: str) -> List[Json]:
        """Every verification method of ``did``'s document: listed in ``verificationMethod`` or embedded in a
        relationship (the spec's Appendix A documents embed their keyAgreement keys)."""
        original = self.originals.get(did, {})
        embedded = [k for k in original.get("keyAgreement") or [] if isinstance(k, dict)]
        return list(original.get("verificationMethod") or []) + embedded

    def _curve_of(self, kid: str) -> Optional[str]:
        for method in self._methods_of(kid.split("#")[0]):
            if method.get("id") == kid:
                return (method.get("publicKeyJwk") or {}).get("crv")
        return None

    def _agreement_ids(self, did: str) -> List[str]:
        """The keyAgreement key ids of ``did``, referenced (a DID URL) or embedded (a method with its id)."""
        ids = [_entry_id(entry) for entry in self.originals.get(did, {}).get("keyAgreement") or []]
        return [kid for kid in ids if kid is not None]

    def _agreement_on(self, did: str, curve: str) -> List[str]:
        return [kid for kid in self._agreement_ids(did) if self._curve_of(kid) == curve]

    def _sender_on(self, frm: str, curve: Optional[str]) -> str:
        """authcrypt on ``curve`` from a DID: the library takes the first sender key it holds a secret of and
        every recipient key of that type; its API picks a curve only through the sender's key id."""
        if not curve or "#" in frm:
            return frm
        held = [kid for kid in self._agreement_on(frm, curve) if kid in self.secrets.secrets]
        return held[0] if held else frm

    def _present_curve_first(self, to: str, curve: Optional[str]) -> None:
        """anoncrypt on ``curve`` to a DID: the library encrypts to every keyAgreement key of the type of the
        *first* one. The recipient's document is handed to it (for this pack only) with the ``curve`` keys
        first: same keys, same relationships, so its own multi-key selection runs on the asked curve."""
        self.documents.curve_first = None
        if not curve or "#" in to or to not in self.originals:
            return
        original = self.originals[to]
        agreement = self._agreement_ids(to)
        first = self._agreement_on(to, curve)
        if not first or (agreement and agreement[0] == first[0]):
            return
        # Same entries (referenced or embedded, as the document has them), the asked curve's first.
        entries = original.get("keyAgreement") or []
        reordered = {**original, "keyAgreement": [e for e in entries if _entry_id(e) in first] + [e for e in entries if _entry_id(e) not in first]}
        self.documents.curve_first = (to, DIDDoc.deserialize(for_library(reordered)))

    # -- protocol v1 pack / unpack ---------------------------------------------------------------------

    async def pack(self, params: Json) -> Json:
        envelope, message = params["envelope"], params["message"]
        try:
            if envelope == "plaintext":
                packed = (await pack_plaintext(self.config, message)).packed_msg
            elif envelope == "signed":
                if not params.get("signBy"):
                    return cannot_express("pack_signed needs a signing key id or DID (signBy)")
                packed = (await pack_signed(self.config, message, params["signBy"])).packed_msg
            else:
                packed = await self._pack_encrypted(envelope, message, params)
                if not isinstance(packed, str):
                    return packed
        except Exception as error:  # noqa: BLE001 - the library said no
            return library_rejection(error)
        finally:
            self.documents.curve_first = None
        return {"status": "packed", "packed": packed, "mediaType": MEDIA_TYPES[envelope]}

    async def _pack_encrypted(self, envelope: str, message: Json, params: Json) -> Any:
        to = params.get("to") or (message.get("to") if isinstance(message.get("to"), list) else None)
        if not to:
            return cannot_express("pack_encrypted needs a recipient (to)")
        if len(to) > 1:
            return cannot_express(f"pack_encrypted takes one recipient DID or key id (asked for {len(to)})")
        enc, curve, protect = params.get("enc"), params.get("curve"), bool(params.get("protectSender"))
        config = PackEncryptedConfig(forward=bool(params.get("forward")), protect_sender_id=protect)
        frm = None
        if envelope == "authcrypt":
            frm = params.get("from") or message.get("from")
            if not isinstance(frm, str):
                return cannot_express("authcrypt needs a sender (from)")
            frm = self._sender_on(frm, curve)
            if enc and protect and enc in ANON_ALGS:
                config.enc_alg_anon = ANON_ALGS[enc]  # the anoncrypt layer of anoncrypt(authcrypt) takes enc
            elif enc and enc != "A256CBC-HS512":
                return cannot_express(f"authcrypt content encryption is A256CBC-HS512 only; {enc} cannot be asked for")
        else:
            if enc:
                if enc not in ANON_ALGS:
                    return cannot_express(f"anoncrypt content encryption {enc}")
                config.enc_alg_anon = ANON_ALGS[enc]
            self._present_curve_first(to[0], curve)
        result = await pack_encrypted(self.config, message, to[0], frm, params.get("signBy"), config)
        return result.packed_msg

    async def unpack(self, params: Json) -> Json:
        try:
            result = await unpack(self.config, params["packed"], deserializer=validated_as_received)
        except Exception as error:  # noqa: BLE001 - the library said no
            return library_rejection(error)
        message = result.message
        if result.metadata.from_prior_jwt is not None:
            # The library verifies from_prior and puts its decoded claims in the message it hands back,
            # keeping the JWT it received in its metadata: the plaintext as received carries that JWT.
            message = {**message, "from_prior": result.metadata.from_prior_jwt}
        return {"status": "accepted", "message": message, "metadata": translate_metadata(result.metadata)}


def validated_as_received(plaintext: Json) -> Json:
    """``unpack``'s deserializer (its API lets the application choose one): the library's own default,
    ``Message.from_dict``, checks the plaintext (a copy: it edits what it reads) and refuses what it
    refuses; the message handed back is the JSON object as the library decoded it. ``Message.as_dict``
    would instead re-serialize its model, which adds ``typ`` and a ``thid`` equal to ``id`` to every message."""
    Message.from_dict(copy.deepcopy(plaintext))
    return plaintext


def translate_metadata(m: Any) -> Json:
    """The library's unpack metadata in the protocol's vocabulary; layers are read from it, outermost first."""
    recipients = [str(kid) for kid in m.encrypted_to or []]
    layers: List[Json] = []
    if m.enc_alg_anon:
        layer = {"kind": "anoncrypt", "alg": m.enc_alg_anon.value.alg, "enc": m.enc_alg_anon.value.enc}
        layers.append(layer if m.enc_alg_auth else {**layer, "recipientKids": recipients})
    if m.enc_alg_auth:
        layer = {"kind": "authcrypt", "alg": m.enc_alg_auth.value.alg, "enc": m.enc_alg_auth.value.enc, "recipientKids": recipients}
        layers.append({**layer, "senderKid": str(m.encrypted_from)} if m.encrypted_from else layer)
    if m.non_repudiation:
        layer = {"kind": "signed", **({"alg": m.sign_alg.value} if m.sign_alg else {})}
        layers.append({**layer, "signerKid": str(m.sign_from)} if m.sign_from else layer)
    layers.append({"kind": "plaintext"})
    metadata: Json = {
        "encrypted": bool(m.encrypted),
        "authenticated": bool(m.authenticated),
        "nonRepudiation": bool(m.non_repudiation),
        "anonymousSender": bool(m.anonymous_sender),
        "forwarded": bool(m.re_wrapped_in_forward),
        "layers": layers,
    }
    if m.encrypted_from:
        metadata["senderKid"] = str(m.encrypted_from)
    if m.sign_from:
        metadata["signerKid"] = str(m.sign_from)
    if m.encrypted_to:
        metadata["recipientKids"] = recipients
    if m.from_prior_issuer_kid:
        metadata["fromPriorIssuerKid"] = str(m.from_prior_issuer_kid)
    return metadata
