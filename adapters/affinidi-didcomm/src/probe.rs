//! What `describe` claims, found by driving the library, each direction on its own (docs/adapter-protocol.md,
//! "Capabilities"):
//! - **receive**: the library unpacks a message *another implementation* produced: the repo's vectors
//!   (the spec's Appendix C and the generated ones from the harness's reference), with their key sets,
//!   and the plaintext it returns has the vector's `id`;
//! - **send**: the library packs what was asked (the wire names the requested key, `alg`, `enc`, `skid`),
//!   and the result opens again through the library without its legacy ECDH-1PU fallback. Whether
//!   another implementation opens it is what the sender cases then judge.
//! Both directions go into `envelopes`/`algorithms`; one only into `receiveOnly` / `sendOnly`.

use crate::keys::KeyStore;
use crate::pack::{pack_message, PackRequest};
use crate::unpack::unpack_message;
use base64ct::{Base64UrlUnpadded, Encoding};
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The vectors folder, relative to the adapter folder (the working directory the harness gives it).
const VECTORS: &str = "../../vectors";

#[derive(Clone, Copy)]
enum KeySet {
    Spec,
    Sicpa,
}

struct Probe {
    envelope: &'static str,
    curve: &'static str,
    algorithms: &'static [&'static str],
    /// The vector another implementation produced: file, and the member holding the message (generated
    /// vectors keep `message` and `plaintext`; the spec's files are the message, of plaintext id 1234567890).
    /// `None` where the repo has no such vector: then only the send direction can be probed.
    vector: Option<(&'static str, KeySet, Option<&'static str>)>,
    /// The pack request of the send direction: (to, from, signBy, enc), key ids of the same key set.
    send: (&'static str, Option<&'static str>, Option<&'static str>, Option<&'static str>),
}

const CBC: &str = "A256CBC-HS512";
const PROBES: &[Probe] = &[
    Probe { envelope: "plaintext", curve: "", algorithms: &[], vector: Some(("upstream/didcomm-spec/plaintext.json", KeySet::Spec, None)), send: ("did:example:bob", None, None, None) },
    Probe { envelope: "signed", curve: "Ed25519", algorithms: &["EdDSA"], vector: Some(("upstream/didcomm-spec/signed/eddsa-ed25519.json", KeySet::Spec, None)), send: ("did:example:bob", None, Some("did:example:alice#key-1"), None) },
    Probe { envelope: "signed", curve: "P-256", algorithms: &["ES256"], vector: Some(("upstream/didcomm-spec/signed/es256-p256.json", KeySet::Spec, None)), send: ("did:example:bob", None, Some("did:example:alice#key-2"), None) },
    Probe { envelope: "signed", curve: "secp256k1", algorithms: &["ES256K"], vector: Some(("upstream/didcomm-spec/signed/es256k-secp256k1.json", KeySet::Spec, None)), send: ("did:example:bob", None, Some("did:example:alice#key-3"), None) },
    Probe { envelope: "anoncrypt", curve: "X25519", algorithms: &["ECDH-ES+A256KW", CBC], vector: Some(("generated/positive/anoncrypt-x25519-a256cbc-hs512.json", KeySet::Sicpa, Some("message"))), send: ("did:example:bob#key-x25519-1", None, None, Some(CBC)) },
    Probe { envelope: "anoncrypt", curve: "X25519", algorithms: &["ECDH-ES+A256KW", "A256GCM"], vector: Some(("generated/positive/anoncrypt-x25519-a256gcm.json", KeySet::Sicpa, Some("message"))), send: ("did:example:bob#key-x25519-1", None, None, Some("A256GCM")) },
    Probe { envelope: "anoncrypt", curve: "X25519", algorithms: &["ECDH-ES+A256KW", "XC20P"], vector: Some(("generated/positive/anoncrypt-x25519-xc20p.json", KeySet::Sicpa, Some("message"))), send: ("did:example:bob#key-x25519-1", None, None, Some("XC20P")) },
    Probe { envelope: "anoncrypt", curve: "P-256", algorithms: &["ECDH-ES+A256KW", CBC], vector: Some(("generated/positive/anoncrypt-p-256-a256cbc-hs512.json", KeySet::Sicpa, Some("message"))), send: ("did:example:bob#key-p256-1", None, None, Some(CBC)) },
    Probe { envelope: "anoncrypt", curve: "P-384", algorithms: &["ECDH-ES+A256KW", CBC], vector: Some(("upstream/didcomm-spec/encrypted/anoncrypt-p384-a256cbc-hs512.json", KeySet::Spec, None)), send: ("did:example:bob#key-p384-1", None, None, Some(CBC)) },
    Probe { envelope: "anoncrypt", curve: "P-384", algorithms: &["ECDH-ES+A256KW", "A256GCM"], vector: Some(("generated/positive/anoncrypt-p-384-a256gcm.json", KeySet::Sicpa, Some("message"))), send: ("did:example:bob#key-p384-1", None, None, Some("A256GCM")) },
    Probe { envelope: "anoncrypt", curve: "P-521", algorithms: &["ECDH-ES+A256KW", "A256GCM"], vector: Some(("upstream/didcomm-spec/encrypted/anoncrypt-p521-a256gcm.json", KeySet::Spec, None)), send: ("did:example:bob#key-p521-1", None, None, Some("A256GCM")) },
    Probe { envelope: "anoncrypt", curve: "P-521", algorithms: &["ECDH-ES+A256KW", "XC20P"], vector: Some(("generated/positive/anoncrypt-p-521-xc20p.json", KeySet::Sicpa, Some("message"))), send: ("did:example:bob#key-p521-1", None, None, Some("XC20P")) },
    Probe { envelope: "anoncrypt", curve: "P-521", algorithms: &["ECDH-ES+A256KW", CBC], vector: None, send: ("did:example:bob#key-p521-1", None, None, Some(CBC)) },
    Probe { envelope: "authcrypt", curve: "X25519", algorithms: &["ECDH-1PU+A256KW", CBC], vector: Some(("generated/positive/authcrypt-x25519.json", KeySet::Sicpa, Some("message"))), send: ("did:example:bob", Some("did:example:alice#key-x25519-1"), None, Some(CBC)) },
    Probe { envelope: "authcrypt", curve: "P-256", algorithms: &["ECDH-1PU+A256KW", CBC], vector: Some(("generated/positive/authcrypt-p-256.json", KeySet::Sicpa, Some("message"))), send: ("did:example:bob", Some("did:example:alice#key-p256-1"), None, Some(CBC)) },
    Probe { envelope: "authcrypt", curve: "P-384", algorithms: &["ECDH-1PU+A256KW", CBC], vector: Some(("generated/positive/authcrypt-p-384.json", KeySet::Sicpa, Some("message"))), send: ("did:example:bob#key-p384-2", Some("did:example:bob#key-p384-1"), None, Some(CBC)) },
    Probe { envelope: "authcrypt", curve: "P-521", algorithms: &["ECDH-1PU+A256KW", CBC], vector: Some(("generated/positive/authcrypt-p-521.json", KeySet::Sicpa, Some("message"))), send: ("did:example:bob", Some("did:example:alice#key-p521-1"), None, Some(CBC)) },
];

fn read_json(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// SICPA keeps variants of one DID and a rotation set; the plain documents and the parties' own secrets are
/// the ones the vectors use (src/vectors/key-sets.ts reads them the same way).
const SICPA_DOCUMENTS: &[&str] = &["ALICE_DID_DOC", "BOB_DID_DOC", "CHARLIE_DID_DOC", "MEDIATOR1_DID_DOC", "MEDIATOR2_DID_DOC", "MEDIATOR3_DID_DOC"];
const SICPA_SECRETS: &[&str] = &["ALICE_SECRETS", "BOB_SECRETS", "CHARLIE_SECRETS", "MEDIATOR1_SECRETS", "MEDIATOR2_SECRETS", "MEDIATOR3_SECRETS"];

/// A key store holding one of the vectors' key sets.
fn key_store(set: KeySet) -> Result<KeyStore, String> {
    let mut store = KeyStore::default();
    match set {
        KeySet::Spec => {
            let folder = Path::new(VECTORS).join("upstream/didcomm-spec");
            for document in read_json(&folder.join("did-docs.json"))?.as_object().into_iter().flat_map(|m| m.values()) {
                store.add_document(document)?;
            }
            for jwk in read_json(&folder.join("secrets.json"))?.as_object().into_iter().flat_map(|m| m.values()).flat_map(|v| v.as_array().cloned().unwrap_or_default()) {
                // The spec's secrets spell "kid " with a trailing space (VEC-002).
                let mut jwk = jwk.clone();
                if let Some(kid) = jwk.get("kid ").cloned() {
                    jwk["kid"] = kid;
                }
                store.add_secret(&jwk)?;
            }
        }
        KeySet::Sicpa => {
            let folder = Path::new(VECTORS).join("upstream/sicpa-didcomm-rust");
            let documents = read_json(&folder.join("did-docs.json"))?;
            for name in SICPA_DOCUMENTS {
                store.add_document(&documents[*name])?;
            }
            let secrets = read_json(&folder.join("secrets.json"))?;
            for name in SICPA_SECRETS {
                for entry in secrets[*name].as_array().into_iter().flatten() {
                    let mut jwk = entry["privateKeyJwk"].clone();
                    jwk["kid"] = entry["id"].clone();
                    store.add_secret(&jwk)?;
                }
            }
        }
    }
    Ok(store)
}

fn receives(probe: &Probe) -> Result<bool, String> {
    let Some((file, set, member)) = probe.vector else { return Ok(false) };
    let store = key_store(set)?;
    let vector = read_json(&Path::new(VECTORS).join(file))?;
    let (message, expected_id) = match member {
        Some(member) => (vector[member].clone(), vector["plaintext"]["id"].clone()),
        None => (vector.clone(), json!("1234567890")),
    };
    let text = if let Value::String(s) = &message { s.clone() } else { message.to_string() };
    let result = unpack_message(&store, &text);
    Ok(result["status"] == "accepted" && result["message"]["id"] == expected_id)
}

fn protected_of(packed: &Value) -> Value {
    let segment = packed.get("protected").or_else(|| packed.get("signatures").and_then(|s| s.get(0)).and_then(|s| s.get("protected")));
    segment.and_then(Value::as_str).and_then(|s| Base64UrlUnpadded::decode_vec(s).ok()).and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or(Value::Null)
}

fn sends(probe: &Probe) -> Result<bool, String> {
    let store = key_store(KeySet::Sicpa)?;
    let (to, from, sign_by, enc) = probe.send;
    let message = json!({ "id": "probe-1", "type": "https://example.org/probe/1.0/ping", "from": "did:example:alice", "to": ["did:example:bob"], "body": {} });
    let mut params = json!({ "message": message, "envelope": probe.envelope, "to": [to] });
    for (name, value) in [("from", from), ("signBy", sign_by), ("enc", enc)] {
        if let Some(v) = value {
            params[name] = json!(v);
        }
    }
    let request = PackRequest::from_params(&params)?;
    let result = pack_message(&store, &request);
    let Some(text) = result["packed"].as_str() else { return Ok(false) };
    let wire: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let protected = protected_of(&wire);
    let asked = match probe.envelope {
        "signed" => sign_by.is_some_and(|kid| protected["kid"] == kid || wire["signatures"][0]["header"]["kid"] == kid),
        "anoncrypt" => protected["alg"] == "ECDH-ES+A256KW" && enc.is_some_and(|e| protected["enc"] == e) && wire["recipients"][0]["header"]["kid"] == to,
        "authcrypt" => protected["alg"] == "ECDH-1PU+A256KW" && from.is_some_and(|f| protected["skid"] == f) && enc.is_some_and(|e| protected["enc"] == e),
        _ => true,
    };
    let opened = unpack_message(&store, text);
    Ok(asked && opened["status"] == "accepted" && opened["message"]["id"] == "probe-1" && opened["metadata"]["affinidiLegacyKek"].is_null())
}

fn to_claims(envelopes: &BTreeSet<&str>, algorithms: &BTreeMap<&str, BTreeSet<&str>>) -> (Vec<String>, Map<String, Value>) {
    let order = ["plaintext", "signed", "anoncrypt", "authcrypt"];
    let kinds = order.iter().filter(|k| envelopes.contains(*k)).map(|k| k.to_string()).collect();
    let algs = algorithms.iter().map(|(curve, set)| (curve.to_string(), json!(set.iter().collect::<Vec<_>>()))).collect();
    (kinds, algs)
}

/// Runs every probe and returns the capabilities object `describe` answers.
pub fn probe_capabilities() -> Value {
    let mut both = (BTreeSet::new(), BTreeMap::<&str, BTreeSet<&str>>::new());
    let mut receive_only = (BTreeSet::new(), BTreeMap::<&str, BTreeSet<&str>>::new());
    let mut send_only = (BTreeSet::new(), BTreeMap::<&str, BTreeSet<&str>>::new());
    for probe in PROBES {
        let receive = receives(probe).unwrap_or_else(|e| { didcomm_adapter_kit::log!("probe: {e}"); false });
        let send = sends(probe).unwrap_or_else(|e| { didcomm_adapter_kit::log!("probe: {e}"); false });
        let target = match (send, receive) {
            (true, true) => &mut both,
            (false, true) => &mut receive_only,
            (true, false) => &mut send_only,
            (false, false) => continue,
        };
        target.0.insert(probe.envelope);
        if !probe.curve.is_empty() {
            target.1.entry(probe.curve).or_default().extend(probe.algorithms.iter().copied());
        }
    }
    // An algorithm claimed both ways is not repeated in one direction.
    for (curve, algs) in &both.1 {
        for side in [&mut receive_only.1, &mut send_only.1] {
            if let Some(set) = side.get_mut(curve) {
                set.retain(|a| !algs.contains(a));
            }
        }
    }
    for side in [&mut receive_only, &mut send_only] {
        side.0.retain(|e| !both.0.contains(e));
        side.1.retain(|_, set| !set.is_empty());
    }
    let (envelopes, algorithms) = to_claims(&both.0, &both.1);
    let mut capabilities = json!({
        "envelopes": envelopes, "algorithms": algorithms, "didMethods": ["example"],
        "protocols": [], "transports": [], "roles": ["sender", "receiver"],
    });
    for (name, side) in [("receiveOnly", &receive_only), ("sendOnly", &send_only)] {
        if !side.0.is_empty() || !side.1.is_empty() {
            let (envelopes, algorithms) = to_claims(&side.0, &side.1);
            capabilities[name] = json!({ "envelopes": envelopes, "algorithms": algorithms });
        }
    }
    capabilities
}
