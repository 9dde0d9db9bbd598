//! A plaintext-only adapter: `describe`, `reset`, `registerDidDocument`, `importIdentity`, and `pack` /
//! `unpack` of plaintext messages. The JSON handling below is a stand-in for your library: replace it
//! with calls to your agent, and claim in `describe` only what round trips through it prove
//! (docs/adapter-protocol.md, "Capabilities").

use didcomm_adapter_kit::{benchmark_through, serve, unsupported, Adapter, Reply, RpcError};
use serde_json::{json, Value};
use std::collections::HashMap;

#[derive(Default)]
struct PlaintextAdapter {
    /// DID documents the harness taught us (registerDidDocument, importIdentity), by DID.
    documents: HashMap<String, Value>,
}

fn describe() -> Value {
    json!({
        "protocolVersion": 1,
        "implementation": { "name": "{{name}}", "version": "0.1.0", "language": "Rust" },
        "capabilities": {
            "envelopes": ["plaintext"],
            "algorithms": {},
            "didMethods": ["example"],
            "protocols": [],
            "transports": [],
            "roles": ["sender", "receiver"]
        }
    })
}

fn rejected(code: &str, message: &str, requirement: Option<&str>) -> Value {
    let mut error = json!({ "code": code, "message": message });
    if let Some(id) = requirement {
        error["requirement"] = json!(id);
    }
    json!({ "status": "rejected", "error": error })
}

fn document_of(params: &Value) -> Result<(String, Value), RpcError> {
    let document = params.get("didDocument").cloned().ok_or_else(|| RpcError::InvalidParams("didDocument is required".into()))?;
    let did = document.get("id").and_then(Value::as_str).ok_or_else(|| RpcError::InvalidParams("didDocument.id is required".into()))?;
    Ok((did.to_string(), document))
}

impl Adapter for PlaintextAdapter {
    fn call(&mut self, method: &str, params: Value) -> Reply {
        match method {
            "describe" => Ok(describe()),
            "reset" => {
                self.documents.clear();
                Ok(json!({}))
            }
            "registerDidDocument" => {
                let (did, document) = document_of(&params)?;
                self.documents.insert(did, document);
                Ok(json!({}))
            }
            "importIdentity" => {
                // A real adapter hands the private JWKs in params.secrets to its library here.
                let (did, document) = document_of(&params)?;
                self.documents.insert(did.clone(), document);
                Ok(json!({ "did": did }))
            }
            "pack" => {
                if params.get("envelope").and_then(Value::as_str) != Some("plaintext") {
                    return Ok(rejected("unsupported-envelope", "only plaintext is implemented", None));
                }
                let mut message = params.get("message").cloned().unwrap_or(Value::Null);
                if let Some(object) = message.as_object_mut() {
                    object.entry("typ").or_insert(json!("application/didcomm-plain+json"));
                }
                Ok(json!({ "status": "packed", "packed": message.to_string(), "mediaType": "application/didcomm-plain+json" }))
            }
            "unpack" => {
                let packed = params.get("packed").and_then(Value::as_str).unwrap_or_default();
                let Ok(message) = serde_json::from_str::<Value>(packed) else {
                    return Ok(rejected("not-json", "the message is not JSON", None));
                };
                let is_str = |member: &str| message.get(member).map_or(false, Value::is_string);
                if !is_str("id") || !is_str("type") {
                    return Ok(rejected("bad-plaintext", "id and type are required strings", Some("ENV-PLAIN-005")));
                }
                let metadata = json!({ "encrypted": false, "authenticated": false, "nonRepudiation": false, "anonymousSender": true });
                Ok(json!({ "status": "accepted", "message": message, "metadata": metadata }))
            }
            // The optional benchmark: pack then unpack N messages through the two arms above, in this process.
            "benchmark" => benchmark_through(self, &params),
            other => Err(unsupported(format!("{other} is not implemented by this adapter"))),
        }
    }
}

fn main() {
    serve(PlaintextAdapter::default());
}
