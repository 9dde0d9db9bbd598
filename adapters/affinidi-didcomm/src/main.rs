//! didcomm-conformance adapter for Affinidi Messaging's DIDComm library, `affinidi-messaging-didcomm`
//! (pinned in Cargo.toml / Cargo.lock). The library packs and unpacks; it has no DID resolver, no secrets
//! store, no transport and no protocols. The adapter holds the documents and private keys the harness
//! gives it and hands the library the keys each envelope names (keys.rs); `pack` and `unpack` are in
//! pack.rs and unpack.rs, the capability probes in probe.rs. `send`, `received`, `createIdentity` and
//! `protocol` answer -32601 (unsupported): the library has nothing to drive them with.

mod keys;
mod pack;
mod probe;
mod rejection;
mod unpack;

use didcomm_adapter_kit::{benchmark_through, serve, unsupported, Adapter, Reply, RpcError};
use keys::KeyStore;
use serde_json::{json, Value};

/// The library version, as pinned (Cargo.toml `=0.15.8`; a test in affinidi-didcomm.test.ts checks it
/// against Cargo.lock).
const LIBRARY_VERSION: &str = "0.15.8";

#[derive(Default)]
struct AffinidiAdapter {
    store: KeyStore,
    capabilities: Option<Value>,
}

fn invalid(message: impl Into<String>) -> RpcError {
    RpcError::InvalidParams(message.into())
}

impl AffinidiAdapter {
    fn describe(&mut self) -> Value {
        let capabilities = self.capabilities.get_or_insert_with(probe::probe_capabilities).clone();
        json!({
            "protocolVersion": 1,
            "implementation": {
                "name": "affinidi-messaging-didcomm",
                "version": LIBRARY_VERSION,
                "language": "Rust",
                "homepage": "https://github.com/affinidi/affinidi-tdk-rs",
            },
            "capabilities": capabilities,
        })
    }
}

impl Adapter for AffinidiAdapter {
    fn call(&mut self, method: &str, params: Value) -> Reply {
        match method {
            "describe" => Ok(self.describe()),
            "reset" => {
                self.store = KeyStore::default();
                Ok(json!({}))
            }
            "registerDidDocument" => {
                self.store.add_document(params.get("didDocument").ok_or_else(|| invalid("didDocument is required"))?).map_err(invalid)?;
                Ok(json!({}))
            }
            "importIdentity" => {
                let did = self.store.add_document(params.get("didDocument").ok_or_else(|| invalid("didDocument is required"))?).map_err(invalid)?;
                for secret in params.get("secrets").and_then(Value::as_array).into_iter().flatten() {
                    self.store.add_secret(secret).map_err(invalid)?;
                }
                Ok(json!({ "did": did }))
            }
            "pack" => {
                let request = pack::PackRequest::from_params(&params).map_err(invalid)?;
                Ok(pack::pack_message(&self.store, &request))
            }
            "unpack" => {
                let packed = params.get("packed").and_then(Value::as_str).ok_or_else(|| invalid("packed is required"))?;
                Ok(unpack::unpack_message(&self.store, packed))
            }
            // Issue 17: pack then unpack N messages through the two arms above, in this process.
            "benchmark" => benchmark_through(self, &params),
            other => Err(unsupported(format!("affinidi-messaging-didcomm {LIBRARY_VERSION} has no {other}: no transport, no protocols, no DID creation"))),
        }
    }
}

fn main() {
    serve(AffinidiAdapter::default());
}
