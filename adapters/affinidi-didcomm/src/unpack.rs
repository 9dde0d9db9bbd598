//! `unpack`: the received text given to affinidi-messaging-didcomm's `message::unpack::unpack` with the key
//! material it asks for. The library resolves nothing, so the adapter reads the key ids the envelope names
//! (a JWE's recipient `kid`s and `skid`/`apu`, a JWS's `kid`) and looks them up in what the harness taught
//! it, as Affinidi's own agent resolves a peer: a sender's key among its DID's keyAgreement keys, a signer's
//! among its authentication keys. Acceptance is the library's alone. Its `unpack` verifies JWS with Ed25519 keys only; for P-256 and
//! secp256k1 signers the adapter calls the library's `jws::verify::verify_p256` / `verify_secp256k1`.

use crate::keys::KeyStore;
use crate::rejection::{cannot_express, from_library, Rejection};
use affinidi_messaging_didcomm::jws::verify::{verify_p256, verify_secp256k1};
use affinidi_messaging_didcomm::message::unpack::unpack;
use affinidi_messaging_didcomm::{jwe, Message, UnpackResult};
use base64ct::{Base64UrlUnpadded, Encoding};
use serde_json::{json, Value};

fn header(segment: Option<&Value>) -> Value {
    segment
        .and_then(Value::as_str)
        .and_then(|s| Base64UrlUnpadded::decode_vec(s).ok())
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or(Value::Null)
}

/// The signer kid of a JWS: the first signature's protected `kid`, else its unprotected `header.kid`.
fn jws_kid(jws: &Value) -> Option<String> {
    let signature = jws.get("signatures").and_then(Value::as_array).and_then(|s| s.first())?;
    header(signature.get("protected")).get("kid").and_then(Value::as_str).or_else(|| signature.get("header").and_then(|h| h.get("kid")).and_then(Value::as_str)).map(str::to_string)
}

fn signer_key<'a>(store: &'a KeyStore, kid: &str) -> Result<&'a crate::keys::PublicKey, Rejection> {
    store.public_in(kid, "authentication").ok_or_else(|| cannot_express(format!("{kid} is no authentication key of a known DID")))
}

fn ed25519_key(store: &KeyStore, kid: &str) -> Result<[u8; 32], Rejection> {
    let key = signer_key(store, kid)?;
    if key.crv != "Ed25519" {
        return Err(cannot_express(format!("the library's unpack verifies Ed25519 signers only; {kid} is {}", key.crv)));
    }
    key.raw.as_slice().try_into().map_err(|_| cannot_express(format!("{kid}: not a 32-byte Ed25519 key")))
}

fn accepted(message: &Message, metadata: Value) -> Result<Value, Rejection> {
    let message = serde_json::to_value(message).map_err(|e| cannot_express(e.to_string()))?;
    Ok(json!({ "status": "accepted", "message": message, "metadata": metadata }))
}

fn signed(store: &KeyStore, text: &str, jws: &Value) -> Result<Value, Rejection> {
    let kid = jws_kid(jws).ok_or_else(|| cannot_express("the JWS names no signer kid to look up"))?;
    let key = signer_key(store, &kid)?;
    let (message, signer_kid) = match key.crv.as_str() {
        "Ed25519" => match unpack(text, None, None, None, Some(&ed25519_key(store, &kid)?)).map_err(|e| from_library(&e))? {
            UnpackResult::Signed { message, signer_kid } => (message, signer_kid),
            _ => return Err(cannot_express("the library did not treat it as a JWS")),
        },
        "P-256" | "secp256k1" => {
            let verified = if key.crv == "P-256" { verify_p256(text, &key.raw) } else { verify_secp256k1(text, &key.raw) }.map_err(|e| from_library(&e))?;
            (Message::from_json(&verified.payload).map_err(|e| from_library(&e))?, verified.signer_kid)
        }
        other => return Err(cannot_express(format!("the library verifies no {other} signatures"))),
    };
    let mut metadata = json!({ "encrypted": false, "authenticated": true, "nonRepudiation": true, "anonymousSender": false });
    if let Some(kid) = signer_kid {
        metadata["signerKid"] = json!(kid);
    }
    accepted(&message, metadata)
}

fn encrypted(store: &KeyStore, text: &str, jwe_value: &Value) -> Result<Value, Rejection> {
    let kids: Vec<&str> = jwe_value.get("recipients").and_then(Value::as_array).into_iter().flatten().filter_map(|r| r.get("header").and_then(|h| h.get("kid")).and_then(Value::as_str)).collect();
    let kid = kids.iter().find(|kid| store.secret(kid).is_some()).ok_or_else(|| cannot_express(format!("no private key for any recipient ({})", kids.join(", "))))?;
    let private = store.secret(kid).unwrap().agreement().map_err(cannot_express)?;
    let protected = header(jwe_value.get("protected"));
    let sender_public = if protected.get("alg").and_then(Value::as_str) == Some("ECDH-1PU+A256KW") {
        let apu = protected.get("apu").and_then(Value::as_str).and_then(|a| Base64UrlUnpadded::decode_vec(a).ok()).and_then(|b| String::from_utf8(b).ok());
        let skid = protected.get("skid").and_then(Value::as_str).map(str::to_string).or(apu).ok_or_else(|| cannot_express("authcrypt without skid or apu: no sender key to look up"))?;
        let key = store.public_in(&skid, "keyAgreement").ok_or_else(|| cannot_express(format!("{skid} is no keyAgreement key of a known DID")))?;
        Some(key.agreement().map_err(cannot_express)?)
    } else {
        None
    };
    let mut result = unpack(text, Some(kid), Some(&private), sender_public.as_ref(), None);
    if matches!(&result, Err(e) if e.to_string().contains("signer_public is required")) {
        // Sign-then-encrypt: the library wants the inner signer's key before it decrypts; the adapter
        // reads that signer's kid with the library's own decrypt and looks the key up.
        let decrypted = jwe::decrypt::decrypt(text, kid, &private, sender_public.as_ref()).map_err(|e| from_library(&e))?;
        let inner: Value = serde_json::from_slice(&decrypted.plaintext).map_err(|e| cannot_express(e.to_string()))?;
        let signer = jws_kid(&inner).ok_or_else(|| cannot_express("the inner JWS names no signer kid"))?;
        result = unpack(text, Some(kid), Some(&private), sender_public.as_ref(), Some(&ed25519_key(store, &signer)?));
    }
    match result.map_err(|e| from_library(&e))? {
        UnpackResult::Encrypted { message, authenticated, sender_kid, recipient_kid, legacy_kek_used, non_repudiation, signer_kid } => {
            if legacy_kek_used {
                didcomm_adapter_kit::log!("the library decrypted only with its legacy (pre-0.14) ECDH-1PU key derivation");
            }
            let mut metadata = json!({ "encrypted": true, "authenticated": authenticated || non_repudiation, "nonRepudiation": non_repudiation, "anonymousSender": !authenticated, "recipientKids": [recipient_kid] });
            if let Some(kid) = sender_kid {
                metadata["senderKid"] = json!(kid);
            }
            if let Some(kid) = signer_kid {
                metadata["signerKid"] = json!(kid);
            }
            if legacy_kek_used {
                metadata["affinidiLegacyKek"] = json!(true);
            }
            accepted(&message, metadata)
        }
        _ => Err(cannot_express("the library did not treat it as a JWE")),
    }
}

/// Unpacks `text`: the same format detection as the library's `unpack` (JWE, JWS, plaintext), with keys.
pub fn unpack_message(store: &KeyStore, text: &str) -> Value {
    let outcome = match serde_json::from_str::<Value>(text) {
        Ok(value) if value.get("ciphertext").is_some() && value.get("recipients").is_some() => encrypted(store, text, &value),
        Ok(value) if value.get("payload").is_some() && value.get("signatures").is_some() => signed(store, text, &value),
        _ => match unpack(text, None, None, None, None) {
            Ok(UnpackResult::Plaintext(message)) => accepted(&message, json!({ "encrypted": false, "authenticated": false, "nonRepudiation": false, "anonymousSender": true })),
            Ok(_) => Err(cannot_express("unexpected unpack result")),
            Err(e) => Err(from_library(&e)),
        },
    };
    outcome.unwrap_or_else(Rejection::into_result)
}
