//! The mediator under test, started in this process on 127.0.0.1 (an ephemeral port) with Affinidi's test
//! fixture: a fresh did:peer identity, a random JWT key, the in-memory store, no network but loopback.
//! Settings are the fixture's production defaults, except the forwarding processor, which a mediator that
//! routes to other agents' endpoints needs (the fixture turns it off for unit tests).

use affinidi_messaging_test_mediator::{TestEnvironment, TestMediator};
use serde_json::Value;
use std::net::{Ipv4Addr, SocketAddr};

pub struct RunningMediator {
    pub env: TestEnvironment,
}

impl RunningMediator {
    pub async fn start() -> Result<Self, String> {
        let mediator = TestMediator::builder()
            .listen_addr(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
            .enable_forwarding(true)
            .enable_external_forwarding(true)
            .spawn()
            .await
            .map_err(|e| format!("the mediator did not start: {e}"))?;
        didcomm_adapter_kit::log!("Affinidi mediator listening on {} as {}", mediator.endpoint(), mediator.did());
        let env = TestEnvironment::new(mediator).await.map_err(|e| format!("Affinidi's client did not connect: {e}"))?;
        Ok(RunningMediator { env })
    }

    pub fn did(&self) -> &str {
        self.env.mediator.did()
    }

    /// The mediator's DID document, resolved by Affinidi's own resolver (did:peer, offline).
    pub async fn document(&self) -> Result<Value, String> {
        let resolved = self.env.tdk.did_resolver().resolve(self.did()).await.map_err(|e| format!("resolving the mediator DID: {e}"))?;
        serde_json::to_value(&resolved.doc).map_err(|e| e.to_string())
    }

    pub async fn stop(self) {
        let _ = self.env.shutdown().await;
    }
}
