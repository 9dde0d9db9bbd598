"""DID documents as the harness hands them over, in the strict shape Python DID libraries parse (pydid's
``DIDDocument`` refuses much of what DID Core allows): absolute ids; a DID as every ``controller`` (the SICPA
vectors give a key id); relationship entries as references, embedded ones moved to ``verificationMethod``;
a DIDCommMessaging ``serviceEndpoint`` as one object (``uri``, and ``accept``/``routingKeys`` as given, never
invented). ``method`` re-expresses a verification method in a form the library reads (the same key, another
encoding); nothing else is changed. This is input shaping: what the library does with it is what is judged.
"""
from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional

Json = Dict[str, Any]
RELATIONSHIPS = ["authentication", "assertionMethod", "keyAgreement", "capabilityInvocation", "capabilityDelegation"]


def _absolute(did: str, reference: str) -> str:
    if reference.startswith("#"):
        return did + reference
    if not reference.startswith("did:"):
        return f"{did}#{reference}"
    return reference


def _method(did: str, raw: Json) -> Json:
    method = dict(raw)
    method["id"] = _absolute(did, str(raw.get("id", "")))
    controller = raw.get("controller")
    method["controller"] = controller.split("#")[0] if isinstance(controller, str) and controller.startswith("did:") else did
    return method


def _endpoint(endpoint: Any) -> Any:
    one = endpoint[0] if isinstance(endpoint, list) and endpoint else endpoint
    if isinstance(one, str):
        return {"uri": one}
    if isinstance(one, dict):
        shaped = {"uri": one.get("uri")}
        if "accept" in one:
            shaped["accept"] = one["accept"]
        routing = one.get("routingKeys", one.get("routing_keys"))
        if routing is not None:
            shaped["routingKeys"] = routing
        return shaped
    return one


def _service(did: str, raw: Json, index: int) -> Json:
    service = dict(raw)
    service["id"] = _absolute(did, str(raw.get("id", f"#service-{index}")))
    types = raw.get("type")
    if types == "DIDCommMessaging" or (isinstance(types, list) and "DIDCommMessaging" in types):
        service["type"] = "DIDCommMessaging"
        service["serviceEndpoint"] = _endpoint(raw.get("serviceEndpoint"))
    return service


def normalized(document: Json, method: Optional[Callable[[Json], Json]] = None) -> Json:
    """``document`` in the shape pydid's ``DIDDocument.deserialize`` accepts, each verification method passed
    through ``method`` (after its id and controller are made absolute) when given."""
    did = str(document["id"])
    methods: Dict[str, Json] = {}

    def add(raw: Any) -> None:
        if isinstance(raw, dict):
            shaped = _method(did, raw)
            if method is not None:
                shaped = method(shaped)
            methods.setdefault(shaped["id"], shaped)

    for raw in document.get("verificationMethod") or []:
        add(raw)
    shaped: Json = {"id": did}
    if "@context" in document:
        shaped["@context"] = document["@context"]
    for relationship in RELATIONSHIPS:
        entries: List[str] = []
        for entry in document.get(relationship) or []:
            if isinstance(entry, dict):
                add(entry)
                entries.append(_absolute(did, str(entry.get("id", ""))))
            elif isinstance(entry, str):
                entries.append(_absolute(did, entry))
        if entries:
            shaped[relationship] = entries
    shaped["verificationMethod"] = list(methods.values())
    services = document.get("service") or []
    if services:
        shaped["service"] = [_service(did, raw, index) for index, raw in enumerate(services) if isinstance(raw, dict)]
    return shaped
