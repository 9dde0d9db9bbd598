//! The optional `benchmark` method (docs/adapter-protocol.md): pack the requested message `iterations` times
//! through the adapter's own `pack`, then unpack every one of those messages through its own `unpack`, each
//! loop timed inside this process (no JSON-RPC, no pipe). The figure includes the adapter's translation of
//! the call into its library's API, as a caller of that library pays it too.

use crate::{Adapter, Reply, RpcError};
use serde_json::{json, Value};
use std::time::Instant;

/// Answers `benchmark` with `adapter`'s own `pack` and `unpack`: call it from [`Adapter::call`].
pub fn benchmark_through<A: Adapter + ?Sized>(adapter: &mut A, params: &Value) -> Reply {
    let iterations = params.get("iterations").and_then(Value::as_u64).ok_or_else(|| RpcError::InvalidParams("iterations is required".into()))?;
    let request = params.get("pack").cloned().ok_or_else(|| RpcError::InvalidParams("pack is required".into()))?;
    let mut packed: Vec<String> = Vec::with_capacity(iterations as usize);
    let started = Instant::now();
    for _ in 0..iterations {
        let result = adapter.call("pack", request.clone())?;
        match (result.get("status").and_then(Value::as_str), result.get("packed").and_then(Value::as_str)) {
            (Some("packed"), Some(text)) => packed.push(text.to_owned()),
            // A mode the library refuses is not measured: the harness shows the rejection as the reason.
            _ => return Ok(json!({ "status": "rejected", "error": result.get("error").cloned().unwrap_or(Value::Null) })),
        }
    }
    let pack_ms = started.elapsed().as_secs_f64() * 1000.0;
    let started = Instant::now();
    let mut accepted = 0u64;
    for text in &packed {
        let result = adapter.call("unpack", json!({ "packed": text }))?;
        if result.get("status").and_then(Value::as_str) == Some("accepted") {
            accepted += 1;
        }
    }
    let unpack_ms = started.elapsed().as_secs_f64() * 1000.0;
    Ok(json!({
        "status": "measured", "packed": packed.len(), "unpacked": accepted,
        "packMs": pack_ms, "unpackMs": unpack_ms, "sample": packed.last().cloned().unwrap_or_default(),
    }))
}
