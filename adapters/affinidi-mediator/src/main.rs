//! didcomm-conformance adapter for Affinidi Messaging's mediator (`affinidi-messaging-mediator` 0.49.0,
//! embedded through `affinidi-messaging-test-mediator`): the adapter process hosts the mediator on
//! 127.0.0.1 with an in-memory store, offline, and the harness talks to it over the wire as to any mediator.
//! `createIdentity` answers the mediator's own DID (its DID document names its endpoints); `describe` claims
//! what the probe (probe.rs) proved through Affinidi's own client. The adapter sends nothing itself:
//! `send`, `received`, `protocol`, `pack` and `unpack` answer -32601 (unsupported).

mod mediator;
mod probe;

use didcomm_adapter_kit::{failed, serve, unsupported, Adapter, Reply};
use mediator::RunningMediator;
use serde_json::{json, Value};

/// The mediator version, as pinned (Cargo.toml `=0.49.0`; affinidi-mediator.test.ts checks it against Cargo.lock).
const MEDIATOR_VERSION: &str = "0.49.0";

struct MediatorAdapter {
    runtime: tokio::runtime::Runtime,
    mediator: Option<RunningMediator>,
    capabilities: Option<Value>,
}

impl MediatorAdapter {
    /// Starts the mediator on first use; every later call finds it running.
    fn started(&mut self) -> Result<&RunningMediator, String> {
        if self.mediator.is_none() {
            self.mediator = Some(self.runtime.block_on(RunningMediator::start())?);
        }
        Ok(self.mediator.as_ref().unwrap())
    }

    fn describe(&mut self) -> Result<Value, String> {
        if self.capabilities.is_none() {
            self.started()?;
            let env = &self.mediator.as_ref().unwrap().env;
            self.capabilities = Some(self.runtime.block_on(probe::probe_capabilities(env)));
        }
        Ok(json!({
            "protocolVersion": 1,
            "implementation": {
                "name": "affinidi-messaging-mediator",
                "version": MEDIATOR_VERSION,
                "language": "Rust",
                "homepage": "https://github.com/affinidi/affinidi-messaging-mediator",
            },
            "capabilities": self.capabilities.clone().unwrap(),
        }))
    }
}

impl Adapter for MediatorAdapter {
    fn call(&mut self, method: &str, params: Value) -> Reply {
        match method {
            "describe" => self.describe().map_err(failed),
            // The mediator keeps its accounts and queues across cases, as a deployed one would; a fresh one
            // per reset would give every case a new mediator DID, which the harness takes from createIdentity.
            "reset" => Ok(json!({})),
            "registerDidDocument" => Ok(json!({})),
            "createIdentity" => {
                let endpoint = params.get("endpoint").and_then(Value::as_str).unwrap_or("self:http");
                if !endpoint.starts_with("self:") {
                    return Err(unsupported("the mediator is only itself: it cannot hold a DID routed elsewhere"));
                }
                self.started().map_err(failed)?;
                let mediator = self.mediator.as_ref().unwrap();
                let document = self.runtime.block_on(mediator.document()).map_err(failed)?;
                Ok(json!({ "did": mediator.did(), "didDocument": document }))
            }
            "shutdown" => Ok(json!({})),
            other => Err(unsupported(format!("the Affinidi mediator adapter drives no {other}: the harness talks to the mediator over the wire"))),
        }
    }

    fn shutdown(&mut self) {
        if let Some(mediator) = self.mediator.take() {
            self.runtime.block_on(mediator.stop());
        }
    }
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("a tokio runtime");
    serve(MediatorAdapter { runtime, mediator: None, capabilities: None });
}
