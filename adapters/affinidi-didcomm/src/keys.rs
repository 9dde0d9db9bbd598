//! What the harness teaches the adapter (DID documents, private JWKs), held as the key material
//! affinidi-messaging-didcomm takes. The library has no resolver and no secrets store: its pack and unpack
//! functions take key ids and keys, so looking a key id up in a document is the adapter's part (translation
//! only: a key is never changed, only re-expressed in the library's types).

use affinidi_crypto::jose::key_agreement::{Curve, PrivateKeyAgreement, PublicKeyAgreement};
use base64ct::{Base64UrlUnpadded, Encoding};
use serde_json::Value;
use std::collections::HashMap;

/// A public key from a verification method: its JWK curve name and raw bytes (32 bytes for OKP keys, a SEC1
/// point for EC keys).
#[derive(Clone, Debug)]
pub struct PublicKey {
    pub crv: String,
    pub raw: Vec<u8>,
}

/// A private key from an imported JWK: curve name and the raw `d`.
#[derive(Clone)]
pub struct SecretKey {
    pub crv: String,
    pub d: Vec<u8>,
}

/// The library's curve for a JWK `crv`, for key agreement.
pub fn agreement_curve(crv: &str) -> Option<Curve> {
    match crv {
        "X25519" => Some(Curve::X25519),
        "P-256" => Some(Curve::P256),
        "secp256k1" => Some(Curve::K256),
        "P-384" => Some(Curve::P384),
        "P-521" => Some(Curve::P521),
        _ => None,
    }
}

impl PublicKey {
    pub fn agreement(&self) -> Result<PublicKeyAgreement, String> {
        let curve = agreement_curve(&self.crv).ok_or_else(|| format!("{} is not a key agreement curve", self.crv))?;
        PublicKeyAgreement::from_raw_bytes(curve, &self.raw).map_err(|e| e.to_string())
    }
}

impl SecretKey {
    pub fn agreement(&self) -> Result<PrivateKeyAgreement, String> {
        let curve = agreement_curve(&self.crv).ok_or_else(|| format!("{} is not a key agreement curve", self.crv))?;
        PrivateKeyAgreement::from_raw_bytes(curve, &self.d).map_err(|e| e.to_string())
    }

    /// The 32-byte scalar or seed the library's signers take (Ed25519, P-256, secp256k1).
    pub fn scalar32(&self) -> Result<[u8; 32], String> {
        self.d.as_slice().try_into().map_err(|_| format!("a {} signing key must be 32 bytes", self.crv))
    }
}

fn b64url(value: &Value, member: &str) -> Result<Vec<u8>, String> {
    let text = value.get(member).and_then(Value::as_str).ok_or_else(|| format!("JWK member {member} is missing"))?;
    Base64UrlUnpadded::decode_vec(text).map_err(|e| format!("JWK member {member}: {e}"))
}

fn public_of_jwk(jwk: &Value) -> Result<PublicKey, String> {
    let crv = jwk.get("crv").and_then(Value::as_str).ok_or("JWK without crv")?.to_string();
    let x = b64url(jwk, "x")?;
    let raw = match jwk.get("kty").and_then(Value::as_str) {
        Some("OKP") => x,
        Some("EC") => [vec![0x04], x, b64url(jwk, "y")?].concat(),
        other => return Err(format!("JWK kty {other:?} is not OKP or EC")),
    };
    Ok(PublicKey { crv, raw })
}

/// Multicodec prefixes (varint) of the public key types a `publicKeyMultibase` may carry.
const MULTICODECS: &[(&[u8], &str)] = &[
    (&[0xed, 0x01], "Ed25519"),
    (&[0xec, 0x01], "X25519"),
    (&[0x80, 0x24], "P-256"),
    (&[0x81, 0x24], "P-384"),
    (&[0x82, 0x24], "P-521"),
    (&[0xe7, 0x01], "secp256k1"),
];

fn public_of_multibase(multibase: &str) -> Result<PublicKey, String> {
    let encoded = multibase.strip_prefix('z').ok_or("publicKeyMultibase is not base58btc ('z')")?;
    let bytes = bs58::decode(encoded).into_vec().map_err(|e| format!("publicKeyMultibase: {e}"))?;
    for (prefix, crv) in MULTICODECS {
        if let Some(raw) = bytes.strip_prefix(*prefix) {
            return Ok(PublicKey { crv: crv.to_string(), raw: raw.to_vec() });
        }
    }
    Err("publicKeyMultibase has an unknown multicodec".into())
}

/// The public key of a verification method, from whichever form the document uses.
pub fn public_of_method(method: &Value) -> Result<PublicKey, String> {
    if let Some(jwk) = method.get("publicKeyJwk") {
        return public_of_jwk(jwk);
    }
    if let Some(multibase) = method.get("publicKeyMultibase").and_then(Value::as_str) {
        return public_of_multibase(multibase);
    }
    if let Some(base58) = method.get("publicKeyBase58").and_then(Value::as_str) {
        let raw = bs58::decode(base58).into_vec().map_err(|e| format!("publicKeyBase58: {e}"))?;
        let ty = method.get("type").and_then(Value::as_str).unwrap_or_default();
        let crv = if ty.starts_with("X25519") { "X25519" } else if ty.starts_with("Ed25519") { "Ed25519" } else { return Err(format!("publicKeyBase58 of type {ty}")) };
        return Ok(PublicKey { crv: crv.into(), raw });
    }
    Err("verification method without a public key".into())
}

fn absolute(did: &str, id: &str) -> String {
    if id.starts_with('#') {
        format!("{did}{id}")
    } else if id.starts_with("did:") {
        id.to_string()
    } else {
        format!("{did}#{id}")
    }
}

/// DID documents and private keys, by DID and by absolute key id.
#[derive(Default)]
pub struct KeyStore {
    documents: HashMap<String, Value>,
    public: HashMap<String, PublicKey>,
    secrets: HashMap<String, SecretKey>,
}

impl KeyStore {
    /// Takes a document: every verification method it has a readable key for (methods it cannot read are
    /// logged and left out; a case that needs them finds no key, as with a resolver that skips them).
    pub fn add_document(&mut self, document: &Value) -> Result<String, String> {
        let did = document.get("id").and_then(Value::as_str).ok_or("didDocument.id is missing")?.to_string();
        let mut methods: Vec<&Value> = document.get("verificationMethod").and_then(Value::as_array).map(|a| a.iter().collect()).unwrap_or_default();
        for relationship in ["keyAgreement", "authentication", "assertionMethod"] {
            for entry in document.get(relationship).and_then(Value::as_array).into_iter().flatten() {
                if entry.is_object() {
                    methods.push(entry);
                }
            }
        }
        for method in methods {
            let Some(id) = method.get("id").and_then(Value::as_str) else { continue };
            match public_of_method(method) {
                Ok(key) => {
                    self.public.insert(absolute(&did, id), key);
                }
                Err(e) => didcomm_adapter_kit::log!("{did}: method {id} left out: {e}"),
            }
        }
        self.documents.insert(did.clone(), document.clone());
        Ok(did)
    }

    pub fn add_secret(&mut self, jwk: &Value) -> Result<(), String> {
        let kid = jwk.get("kid").and_then(Value::as_str).ok_or("secret without kid")?.to_string();
        let crv = jwk.get("crv").and_then(Value::as_str).ok_or_else(|| format!("secret {kid} without crv"))?.to_string();
        let d = b64url(jwk, "d")?;
        self.secrets.insert(kid, SecretKey { crv, d });
        Ok(())
    }

    pub fn document(&self, did: &str) -> Option<&Value> {
        self.documents.get(did)
    }

    pub fn public(&self, kid: &str) -> Option<&PublicKey> {
        self.public.get(kid)
    }

    pub fn secret(&self, kid: &str) -> Option<&SecretKey> {
        self.secrets.get(kid)
    }

    /// The public key `kid` when its DID's document lists it under `relationship`: how Affinidi's own
    /// agent resolves a peer (a sender's key from keyAgreement, a signer's from authentication).
    pub fn public_in(&self, kid: &str, relationship: &str) -> Option<&PublicKey> {
        let did = kid.split('#').next().unwrap_or(kid);
        self.relationship(did, relationship).iter().any(|listed| listed == kid).then(|| self.public(kid)).flatten()
    }

    /// The absolute ids a DID lists under `relationship`, in document order.
    pub fn relationship(&self, did: &str, relationship: &str) -> Vec<String> {
        let Some(document) = self.documents.get(did) else { return vec![] };
        document
            .get(relationship)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|entry| entry.as_str().or_else(|| entry.get("id").and_then(Value::as_str)))
            .map(|id| absolute(did, id))
            .collect()
    }
}

