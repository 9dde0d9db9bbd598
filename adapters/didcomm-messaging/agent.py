"""One didcomm-messaging agent: the documents and secrets it knows, and pack/unpack translated between
adapter protocol v1 and the library's API.

The library encrypts bytes the caller serialized (``PackagingService.pack``: anoncrypt when there is no
sender, authcrypt when there is one; ``DIDCommMessaging.pack`` adds its ``RoutingService`` forwards) and
decrypts one JWE (``DIDCommMessaging.unpack``). It has no plaintext envelope, no signing, no anoncrypt of
authcrypt and no choice of ``enc``: asking for those answers ``Unsupported`` (a feature it lacks: the case
is skipped) or, for an ``enc`` its fixed choice differs from, a rejection the harness judges. A library error
is a rejection whose code is the exception's class and whose message is its text, verbatim.
"""
from __future__ import annotations

import json
import logging
from typing import Any, Dict, List, Optional

from didcomm_adapter_kit import Unsupported
from didcomm_adapter_kit.documents import normalized
from didcomm_messaging import DIDCommMessaging
from didcomm_messaging.crypto.backend.basic import InMemorySecretsManager
from didcomm_messaging.packaging import PackagingService
from didcomm_messaging.resolver import DIDNotFound, DIDResolver
from didcomm_messaging.resolver.peer import Peer2, Peer4
from didcomm_messaging.routing import RoutingService

from backends import Backend

LOG = logging.getLogger("didcomm-messaging-adapter")
Json = Dict[str, Any]
ENCRYPTED = "application/didcomm-encrypted+json"
#: The content encryption each method of the library always uses (crypto/backend/*.py).
FIXED_ENC = {"anoncrypt": "XC20P", "authcrypt": "A256CBC-HS512"}


def rejected(code: str, message: str) -> Json:
    return {"status": "rejected", "error": {"code": code[:200] or "Error", "message": message[:10_000]}}


def library_rejection(error: BaseException) -> Json:
    return rejected(type(error).__name__, str(error) or repr(error))


def cannot_express(what: str) -> Json:
    return rejected("ADAPTER_CANNOT_EXPRESS", f"didcomm-messaging's API cannot do this: {what}")


class Resolver(DIDResolver):
    """The library's resolver interface over the documents handed over, then its own did:peer:2/4 resolvers."""

    def __init__(self) -> None:
        self.documents: Dict[str, Json] = {}
        self.peers = [Peer2(), Peer4()]

    async def is_resolvable(self, did: str) -> bool:
        if did in self.documents:
            return True
        for peer in self.peers:
            if await peer.is_resolvable(did):
                return True
        return False

    async def resolve(self, did: str) -> Json:
        if did in self.documents:
            return self.documents[did]
        for peer in self.peers:
            if await peer.is_resolvable(did):
                return await peer.resolve(did)
        raise DIDNotFound(f"DID not found: {did}")


class Agent:
    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self.resolver = Resolver()
        self.secrets = InMemorySecretsManager()
        self.originals: Dict[str, Json] = {}
        self.messaging = DIDCommMessaging(backend.crypto, self.secrets, self.resolver, PackagingService(), RoutingService())

    # -- what the agent knows -------------------------------------------------------------------------

    def register(self, document: Json) -> None:
        self.originals[document["id"]] = document
        self.resolver.documents[document["id"]] = normalized(document, self.backend.method_for_library)

    def add_secrets(self, secrets: List[Json]) -> None:
        for jwk in secrets:
            kid = jwk["kid"]
            try:
                secret = self.backend.secret_from_jwk({k: v for k, v in jwk.items() if k != "kid"}, kid)
            except Exception as error:  # noqa: BLE001 - a key the backend cannot load is one it does not hold
                LOG.warning("the %s backend cannot load %s (%s): %s", self.backend.name, kid, jwk.get("crv"), error)
                continue
            self.secrets.secrets[kid] = secret

    def import_identity(self, params: Json) -> Json:
        self.register(params["didDocument"])
        self.add_secrets(params.get("secrets", []))
        return {"did": params["didDocument"]["id"]}

    def _curve_of(self, kid: str) -> Optional[str]:
        for method in self.originals.get(kid.split("#")[0], {}).get("verificationMethod") or []:
            if method.get("id") == kid:
                return (method.get("publicKeyJwk") or {}).get("crv")
        return None

    def _on_curve(self, did_or_kid: str, curve: Optional[str]) -> str:
        """``curve`` asked: the library selects a key only through a key id; for a DID it takes the first
        keyAgreement key, so the first key on ``curve`` is named (the same rule, on the asked curve)."""
        if not curve or "#" in did_or_kid:
            return did_or_kid
        agreement = [k for k in self.originals.get(did_or_kid, {}).get("keyAgreement") or [] if isinstance(k, str)]
        on_curve = [kid for kid in agreement if self._curve_of(kid) == curve]
        if not on_curve or agreement[0] == on_curve[0]:
            return did_or_kid
        return on_curve[0]

    # -- protocol v1 pack / unpack ---------------------------------------------------------------------

    async def pack(self, params: Json) -> Json:
        envelope = params["envelope"]
        if envelope not in FIXED_ENC:
            raise Unsupported(f"didcomm-messaging has no {envelope} envelope: it encrypts bytes the caller serialized")
        if params.get("signBy"):
            raise Unsupported("didcomm-messaging does not sign")
        if params.get("protectSender"):
            raise Unsupported("didcomm-messaging has no anoncrypt-of-authcrypt")
        enc = params.get("enc")
        if enc and enc != FIXED_ENC[envelope]:
            return cannot_express(f"{envelope} with {enc}: the library always uses {FIXED_ENC[envelope]}")
        message = params["message"]
        to = params.get("to") or (message.get("to") if isinstance(message.get("to"), list) else None)
        if not to:
            return cannot_express("packing needs a recipient (to)")
        curve = params.get("curve")
        sender = None
        if envelope == "authcrypt":
            frm = params.get("from") or message.get("from")
            if not isinstance(frm, str):
                return cannot_express("authcrypt needs a sender (from)")
            sender = self._on_curve(frm, curve)
        recipients = [self._on_curve(recipient, curve) for recipient in to]
        try:
            if params.get("forward"):
                if len(recipients) != 1:
                    return cannot_express(f"DIDCommMessaging.pack takes one recipient (asked for {len(recipients)})")
                packed = (await self.messaging.pack(message, recipients[0], sender)).message
            else:
                packed = await self.messaging.packaging.pack(
                    self.backend.crypto, self.resolver, self.secrets, json.dumps(message).encode(), recipients, sender,
                )
        except Exception as error:  # noqa: BLE001 - the library said no
            return library_rejection(error)
        return {"status": "packed", "packed": packed.decode("utf-8"), "mediaType": ENCRYPTED}

    async def unpack(self, params: Json) -> Json:
        try:
            result = await self.messaging.unpack(params["packed"].encode("utf-8", "surrogatepass"))
        except Exception as error:  # noqa: BLE001 - the library said no
            return library_rejection(error)
        if not isinstance(result.message, dict):
            return rejected("ADAPTER_CANNOT_EXPRESS", f"the library decrypted a JSON {type(result.message).__name__}, not a message object; the protocol carries objects only")
        kind = "authcrypt" if result.authenticated else "anoncrypt"
        layer: Json = {"kind": kind, "recipientKids": [result.recipient_kid]}
        metadata: Json = {
            "encrypted": bool(result.encrytped),
            "authenticated": bool(result.authenticated),
            "nonRepudiation": False,
            "anonymousSender": bool(result.encrytped) and not result.authenticated,
            "recipientKids": [result.recipient_kid],
            "layers": [layer],
        }
        if result.sender_kid:
            metadata["senderKid"] = layer["senderKid"] = result.sender_kid
        return {"status": "accepted", "message": result.message, "metadata": metadata}
