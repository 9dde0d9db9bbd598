"""Capabilities claimed one direction at a time (docs/adapter-protocol.md, "Capabilities").

Record what a probe proved the agent *receives* (it unpacked or verified a message it did not produce) and
what it *sends* (it packed a message that says on the wire what was asked). ``capabilities()`` then claims
what works both ways in ``envelopes``/``algorithms``, the rest in ``receiveOnly``/``sendOnly``, and in
``encryptionScope`` a content encryption proved with one encrypted kind only, per direction.
"""
from __future__ import annotations

from typing import Dict, Iterable, List, Optional, Set

ENVELOPE_ORDER = ["plaintext", "signed", "anoncrypt", "authcrypt"]
ALGORITHM_ORDER = [
    "EdDSA", "ES256", "ES256K",
    "ECDH-ES+A256KW", "ECDH-1PU+A256KW",
    "A256CBC-HS512", "A256GCM", "XC20P",
]


CONTENT_ENCRYPTIONS = ["A256CBC-HS512", "A256GCM", "XC20P"]
ENCRYPTED = ["anoncrypt", "authcrypt"]


class _Direction:
    def __init__(self) -> None:
        self.envelopes: Set[str] = set()
        self.algorithms: Dict[str, Set[str]] = {}
        #: For each content encryption, the encrypted kinds it was proved with (on some curve).
        self.kinds_of_enc: Dict[str, Set[str]] = {}

    def add(self, envelope: str, curve: Optional[str], algorithms: Iterable[str]) -> None:
        algorithms = list(algorithms)
        self.envelopes.add(envelope)
        if curve is not None:
            self.algorithms.setdefault(curve, set()).update(algorithms)
        for enc in algorithms:
            if enc in CONTENT_ENCRYPTIONS and envelope in ENCRYPTED:
                self.kinds_of_enc.setdefault(enc, set()).add(envelope)

    def encryption_scope(self) -> Dict[str, List[str]]:
        """Each ``enc`` proved with one encrypted kind while another kind it was tried with is claimed without it.

        Authcrypt is tried with A256CBC-HS512 only (ENC-AUTH-002 makes it authcrypt's one ``enc``), so another
        ``enc`` never proved with authcrypt is not limited to anoncrypt by this.
        """
        scope: Dict[str, List[str]] = {}
        for enc, kinds in self.kinds_of_enc.items():
            tried = {"anoncrypt", "authcrypt"} if enc == "A256CBC-HS512" else {"anoncrypt"}
            if (tried & self.envelopes) - kinds:
                scope[enc] = [kind for kind in ENCRYPTED if kind in kinds]
        return {enc: scope[enc] for enc in CONTENT_ENCRYPTIONS if enc in scope}


def _envelopes(kinds: Set[str]) -> List[str]:
    return [kind for kind in ENVELOPE_ORDER if kind in kinds]


def _algorithms(per_curve: Dict[str, Set[str]]) -> Dict[str, List[str]]:
    rank = {name: index for index, name in enumerate(ALGORITHM_ORDER)}
    return {curve: sorted(algs, key=lambda alg: rank.get(alg, len(rank))) for curve, algs in sorted(per_curve.items()) if algs}


class Claims:
    """What probes proved, per direction; ``capabilities()`` is the ``describe`` answer's capabilities."""

    def __init__(self) -> None:
        self._received = _Direction()
        self._sent = _Direction()

    def received(self, envelope: str, curve: Optional[str] = None, *algorithms: str) -> None:
        """The agent unpacked (or verified) an ``envelope`` on ``curve`` with ``algorithms`` it did not produce."""
        self._received.add(envelope, curve, algorithms)

    def sent(self, envelope: str, curve: Optional[str] = None, *algorithms: str) -> None:
        """The agent packed an ``envelope`` on ``curve`` with ``algorithms``, as asked."""
        self._sent.add(envelope, curve, algorithms)

    def capabilities(
        self,
        *,
        did_methods: Iterable[str] = ("example",),
        protocols: Iterable[str] = (),
        transports: Iterable[str] = (),
        roles: Iterable[str] = ("sender", "receiver"),
    ) -> Dict[str, object]:
        received, sent = self._received, self._sent
        both_envelopes = received.envelopes & sent.envelopes
        both: Dict[str, Set[str]] = {}
        only_received: Dict[str, Set[str]] = {}
        only_sent: Dict[str, Set[str]] = {}
        for curve in set(received.algorithms) | set(sent.algorithms):
            r, s = received.algorithms.get(curve, set()), sent.algorithms.get(curve, set())
            both[curve], only_received[curve], only_sent[curve] = r & s, r - s, s - r
        capabilities: Dict[str, object] = {
            "envelopes": _envelopes(both_envelopes),
            "algorithms": _algorithms(both),
            "didMethods": list(dict.fromkeys(did_methods)),
            "protocols": list(dict.fromkeys(protocols)),
            "transports": list(dict.fromkeys(transports)),
            "roles": list(dict.fromkeys(roles)),
        }
        for name, envelopes, algorithms in (
            ("receiveOnly", received.envelopes - both_envelopes, only_received),
            ("sendOnly", sent.envelopes - both_envelopes, only_sent),
        ):
            claim: Dict[str, object] = {}
            if envelopes:
                claim["envelopes"] = _envelopes(envelopes)
            if _algorithms(algorithms):
                claim["algorithms"] = _algorithms(algorithms)
            if claim:
                capabilities[name] = claim
        # An enc one kind uses and the other does not (didcomm-messaging: anoncrypt XC20P, authcrypt A256CBC-HS512).
        scope = {way: direction.encryption_scope() for way, direction in (("send", sent), ("receive", received))}
        if any(scope.values()):
            capabilities["encryptionScope"] = {way: kinds for way, kinds in scope.items() if kinds}
        return capabilities
