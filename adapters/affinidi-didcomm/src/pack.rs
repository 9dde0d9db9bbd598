//! `pack`: the harness's request turned into calls of affinidi-messaging-didcomm's pack API
//! (`message::pack`, and `jwe::encrypt` / `message::forward` for the stacks the library documents:
//! sign-then-encrypt and forward wrapping). The adapter picks the keys (the library has no resolver);
//! what comes out is the library's, untouched.

use crate::keys::KeyStore;
use crate::rejection::{cannot_express, from_library, Rejection};
use affinidi_crypto::jose::key_agreement::{PrivateKeyAgreement, PublicKeyAgreement};
use affinidi_messaging_didcomm::jws::sign::JwsSigner;
use affinidi_messaging_didcomm::message::{forward, pack};
use affinidi_messaging_didcomm::{jwe, Message};
use serde_json::{json, Value};

/// The one content encryption the library implements (`jwe::encrypt` writes `"enc": "A256CBC-HS512"`).
pub const LIBRARY_ENC: &str = "A256CBC-HS512";

pub struct PackRequest<'a> {
    pub message: &'a Value,
    pub envelope: &'a str,
    pub to: Vec<String>,
    pub from: Option<String>,
    pub sign_by: Option<String>,
    pub enc: Option<String>,
    pub curve: Option<String>,
    pub protect_sender: bool,
    pub forward: bool,
}

impl<'a> PackRequest<'a> {
    pub fn from_params(params: &'a Value) -> Result<Self, String> {
        let text = |name: &str| params.get(name).and_then(Value::as_str).map(str::to_string);
        Ok(PackRequest {
            message: params.get("message").ok_or("message is required")?,
            envelope: params.get("envelope").and_then(Value::as_str).ok_or("envelope is required")?,
            to: params.get("to").and_then(Value::as_array).map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect()).unwrap_or_default(),
            from: text("from"),
            sign_by: text("signBy"),
            enc: text("enc"),
            curve: text("curve"),
            protect_sender: params.get("protectSender").and_then(Value::as_bool).unwrap_or(false),
            forward: params.get("forward").and_then(Value::as_bool).unwrap_or(false),
        })
    }
}

fn packed(text: String, media_type: &str) -> Value {
    json!({ "status": "packed", "packed": text, "mediaType": media_type })
}

/// Signs `payload` with `kid` through the library: `pack_signed` for Ed25519, `pack_signed_multi` with one
/// signer for P-256 and secp256k1 (the library's only API for those).
fn sign(store: &KeyStore, message: &Message, kid: &str) -> Result<String, Rejection> {
    let secret = store.secret(kid).ok_or_else(|| cannot_express(format!("no private key for {kid}")))?;
    let scalar = secret.scalar32().map_err(cannot_express)?;
    let result = match secret.crv.as_str() {
        "Ed25519" => pack::pack_signed(message, kid, &scalar),
        "P-256" => pack::pack_signed_multi(message, &[JwsSigner::P256 { kid, private: &scalar }]),
        "secp256k1" => pack::pack_signed_multi(message, &[JwsSigner::Secp256k1 { kid, private: &scalar }]),
        other => return Err(cannot_express(format!("the library signs with Ed25519, P-256 and secp256k1 keys, not {other}"))),
    };
    result.map_err(|e| from_library(&e))
}

/// The signing key: `signBy`, else the first authentication key of `from` the adapter holds.
fn signer(store: &KeyStore, request: &PackRequest) -> Result<String, Rejection> {
    if let Some(kid) = &request.sign_by {
        return Ok(kid.clone());
    }
    let from = request.from.as_deref().or_else(|| request.message.get("from").and_then(Value::as_str)).unwrap_or_default();
    store.relationship(from, "authentication").into_iter().find(|kid| store.secret(kid).is_some()).ok_or_else(|| cannot_express("no signing key given (signBy) or held for from"))
}

/// Candidate key agreement key ids of one `to` entry: the key itself, or the DID's keyAgreement list.
fn candidates(store: &KeyStore, entry: &str) -> Vec<String> {
    if entry.contains('#') {
        vec![entry.to_string()]
    } else {
        store.relationship(entry, "keyAgreement")
    }
}

/// The recipients' keys on one curve (the library encrypts for one curve at a time): `curve` if asked,
/// else the sender key's curve, else the first recipient key's.
fn recipients(store: &KeyStore, to: &[String], curve: Option<&str>) -> Result<Vec<(String, PublicKeyAgreement)>, Rejection> {
    let first = to.first().ok_or_else(|| cannot_express("no recipient (to)"))?;
    // The library encrypts for the keys it is handed and knows no DIDs: one JWE per recipient DID
    // (ENC-JWE-001) is its caller's choice, so the adapter does not make it for it by merging DIDs.
    let did_of = |entry: &String| entry.split('#').next().unwrap_or(entry).to_string();
    if to.iter().any(|entry| did_of(entry) != did_of(first)) {
        return Err(cannot_express("the library's pack takes the keys of one encryption; several recipient DIDs need one pack each (ENC-JWE-001)"));
    }
    let curve = match curve {
        Some(c) => c.to_string(),
        None => candidates(store, first).iter().find_map(|kid| store.public(kid)).map(|k| k.crv.clone()).ok_or_else(|| cannot_express(format!("no key agreement key known for {first}")))?,
    };
    let mut keys = Vec::new();
    for entry in to {
        let on_curve: Vec<String> = candidates(store, entry).into_iter().filter(|kid| store.public(kid).is_some_and(|k| k.crv == curve)).collect();
        if on_curve.is_empty() {
            return Err(cannot_express(format!("{entry} has no {curve} key agreement key")));
        }
        for kid in on_curve {
            let key = store.public(&kid).unwrap().agreement().map_err(cannot_express)?;
            keys.push((kid, key));
        }
    }
    Ok(keys)
}

/// The sender's key agreement key for authcrypt: `from` as a key id, or its DID's first key on `curve`
/// (or its first key a recipient shares a curve with).
fn sender(store: &KeyStore, request: &PackRequest) -> Result<(String, PrivateKeyAgreement), Rejection> {
    let from = request.from.clone().or_else(|| request.message.get("from").and_then(Value::as_str).map(str::to_string)).ok_or_else(|| cannot_express("authcrypt needs from"))?;
    let held: Vec<String> = candidates(store, &from).into_iter().filter(|kid| store.secret(kid).is_some()).collect();
    let recipient_curves: Vec<String> = request.to.iter().flat_map(|t| candidates(store, t)).filter_map(|kid| store.public(&kid).map(|k| k.crv.clone())).collect();
    let kid = held
        .iter()
        .find(|kid| {
            let crv = &store.secret(kid).unwrap().crv;
            match &request.curve { Some(c) => crv == c, None => recipient_curves.contains(crv) }
        })
        .cloned()
        .ok_or_else(|| cannot_express(format!("no key agreement key of {from} shares a curve with the recipients")))?;
    let private = store.secret(&kid).unwrap().agreement().map_err(cannot_express)?;
    Ok((kid, private))
}

fn as_refs(keys: &[(String, PublicKeyAgreement)]) -> Vec<(&str, &PublicKeyAgreement)> {
    keys.iter().map(|(kid, key)| (kid.as_str(), key)).collect()
}

/// The DIDCommMessaging routing keys of `did`'s first service (ROUTE-007).
fn routing_keys(store: &KeyStore, did: &str) -> Vec<String> {
    let Some(services) = store.document(did).and_then(|d| d.get("service")).and_then(Value::as_array) else { return vec![] };
    for service in services {
        let endpoint = service.get("serviceEndpoint");
        let first = endpoint.and_then(Value::as_array).and_then(|a| a.first()).or(endpoint);
        if let Some(keys) = first.and_then(|e| e.get("routingKeys").or_else(|| e.get("routing_keys"))).and_then(Value::as_array) {
            return keys.iter().filter_map(Value::as_str).map(str::to_string).collect();
        }
    }
    vec![]
}

/// Wraps `packed` once per routing key, last key first, with the library's `wrap_in_forward` and anoncrypt.
fn wrap_in_forwards(store: &KeyStore, recipient: &str, mut packed: String) -> Result<String, Rejection> {
    let mut next = recipient.to_string();
    for key in routing_keys(store, recipient).iter().rev() {
        let keys = recipients(store, std::slice::from_ref(key), None)?;
        let forward_message = forward::wrap_in_forward(&next, &packed).map_err(|e| from_library(&e))?;
        packed = pack::pack_encrypted_anoncrypt(&forward_message, &as_refs(&keys)).map_err(|e| from_library(&e))?;
        next = key.clone();
    }
    Ok(packed)
}

pub fn pack_message(store: &KeyStore, request: &PackRequest) -> Value {
    match pack_inner(store, request) {
        Ok(value) => value,
        Err(rejection) => rejection.into_result(),
    }
}

fn pack_inner(store: &KeyStore, request: &PackRequest) -> Result<Value, Rejection> {
    // The library's Message model: a message it cannot hold (e.g. `created_time` not a number) is
    // something it cannot pack, reported as such.
    let message: Message = serde_json::from_value(request.message.clone()).map_err(|e| cannot_express(format!("the library's Message cannot hold this message: {e}")))?;
    if let Some(enc) = &request.enc {
        if request.envelope != "plaintext" && request.envelope != "signed" && enc != LIBRARY_ENC {
            return Err(cannot_express(format!("the library encrypts with {LIBRARY_ENC} only, not {enc}")));
        }
    }
    let encrypted = match request.envelope {
        "plaintext" => return Ok(packed(pack::pack_plaintext(&message).map_err(|e| from_library(&e))?, "application/didcomm-plain+json")),
        "signed" => return Ok(packed(sign(store, &message, &signer(store, request)?)?, "application/didcomm-signed+json")),
        "anoncrypt" => {
            let keys = recipients(store, &request.to, request.curve.as_deref())?;
            match &request.sign_by {
                None => pack::pack_encrypted_anoncrypt(&message, &as_refs(&keys)),
                // Sign-then-encrypt, as the library's own tests build it (the JWS bytes as the JWE payload).
                Some(kid) => jwe::encrypt::anoncrypt(sign(store, &message, kid)?.as_bytes(), &as_refs(&keys)),
            }
        }
        "authcrypt" => {
            if request.protect_sender {
                return Err(cannot_express("the library has no anoncrypt(authcrypt(...)) (protectSender)"));
            }
            let (sender_kid, private) = sender(store, request)?;
            let curve = store.secret(&sender_kid).map(|s| s.crv.clone());
            let keys = recipients(store, &request.to, curve.as_deref())?;
            match &request.sign_by {
                None => pack::pack_encrypted_authcrypt(&message, &sender_kid, &private, &as_refs(&keys)),
                Some(kid) => jwe::encrypt::authcrypt(sign(store, &message, kid)?.as_bytes(), &sender_kid, &private, &as_refs(&keys)),
            }
        }
        other => return Err(cannot_express(format!("unknown envelope {other}"))),
    }
    .map_err(|e| from_library(&e))?;
    let wire = if request.forward {
        let recipient = request.to.first().map(|t| t.split('#').next().unwrap_or(t).to_string()).unwrap_or_default();
        wrap_in_forwards(store, &recipient, encrypted)?
    } else {
        encrypted
    };
    Ok(packed(wire, "application/didcomm-encrypted+json"))
}
