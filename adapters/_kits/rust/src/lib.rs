//! The stdio side of a didcomm-conformance adapter (protocol v1, docs/adapter-protocol.md): one JSON-RPC 2.0
//! request per line on stdin, exactly one reply per line on stdout, flushed at once; everything else goes
//! to stderr (stray prints of a library included: file descriptor 1 is pointed at stderr). An adapter implements [`Adapter`] and calls [`serve`]; the kit does the framing, answers
//! [`RpcError::Unsupported`] with -32601 (the harness skips the case) and any other error with -32603 (the
//! case is errored), and stops after replying to `shutdown` or at the end of input.

pub mod benchmark;
pub use benchmark::benchmark_through;

use serde_json::{json, Value};
use std::fmt::Display;
use std::io::{BufRead, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// JSON-RPC error codes the harness distinguishes (src/adapter/protocol/v1/jsonrpc.schema.json).
pub mod codes {
    pub const PARSE_ERROR: i64 = -32700;
    pub const INVALID_REQUEST: i64 = -32600;
    pub const METHOD_NOT_FOUND: i64 = -32601;
    pub const INVALID_PARAMS: i64 = -32602;
    pub const INTERNAL_ERROR: i64 = -32603;
}

/// Why a call could not be served. A message the agent *refuses* is not an error but a result
/// (`{"status": "rejected", ...}`); these are for the adapter itself.
#[derive(Debug, Clone, PartialEq)]
pub enum RpcError {
    /// The method, or this request of it, is something the library cannot do: -32601, the case is skipped.
    Unsupported(String),
    /// The params do not have the shape the method needs: -32602.
    InvalidParams(String),
    /// Anything else that went wrong in the adapter: -32603 with the message, the case is errored.
    Failed(String),
}

impl RpcError {
    pub fn code(&self) -> i64 {
        match self {
            RpcError::Unsupported(_) => codes::METHOD_NOT_FOUND,
            RpcError::InvalidParams(_) => codes::INVALID_PARAMS,
            RpcError::Failed(_) => codes::INTERNAL_ERROR,
        }
    }

    pub fn message(&self) -> &str {
        match self {
            RpcError::Unsupported(m) | RpcError::InvalidParams(m) | RpcError::Failed(m) => m,
        }
    }
}

/// `RpcError::Unsupported` with a reason.
pub fn unsupported(why: impl Display) -> RpcError {
    RpcError::Unsupported(why.to_string())
}

/// `RpcError::Failed` from any error: `.map_err(failed)?`.
pub fn failed(error: impl Display) -> RpcError {
    RpcError::Failed(error.to_string())
}

/// What a handler returns.
pub type Reply = Result<Value, RpcError>;

/// An adapter: every method of protocol v1 it implements, dispatched by name.
pub trait Adapter {
    /// Answers one call. `params` is always an object (`{}` when the request had none). Return
    /// `Err(unsupported(..))` for methods the library does not offer.
    fn call(&mut self, method: &str, params: Value) -> Reply;

    /// Called after the reply to `shutdown` is written and before the process exits.
    fn shutdown(&mut self) {}
}

/// Writes one line to stderr, the adapter's log (the harness keeps its tail in each case's transcript).
#[macro_export]
macro_rules! log {
    ($($arg:tt)*) => { eprintln!("[adapter] {}", format!($($arg)*)) };
}

/// What one input line asks for: a reply to write, and whether to stop afterwards.
pub struct Step {
    pub reply: Option<Value>,
    pub stop: bool,
}

fn error_reply(id: Value, code: i64, message: &str) -> Value {
    json!({ "jsonrpc": "2.0", "id": id, "error": { "code": code, "message": message } })
}

/// Handles one line of input (without its newline). Exposed for tests; [`serve`] is the loop around it.
pub fn handle_line<A: Adapter>(adapter: &mut A, line: &str) -> Step {
    let request: Value = match serde_json::from_str(line) {
        Ok(value) => value,
        Err(e) => return Step { reply: Some(error_reply(Value::Null, codes::PARSE_ERROR, &format!("not JSON: {e}"))), stop: false },
    };
    let id = request.get("id").cloned();
    let method = request.get("method").and_then(Value::as_str);
    let (Some(id), Some(method), Some("2.0")) = (id.clone(), method, request.get("jsonrpc").and_then(Value::as_str)) else {
        // A notification (no id) gets no reply; anything else malformed gets -32600.
        if id.is_none() && method.is_some() {
            return Step { reply: None, stop: false };
        }
        return Step { reply: Some(error_reply(id.unwrap_or(Value::Null), codes::INVALID_REQUEST, "not a JSON-RPC 2.0 request")), stop: false };
    };
    let params = match request.get("params") {
        None | Some(Value::Null) => json!({}),
        Some(p @ Value::Object(_)) => p.clone(),
        Some(_) => return Step { reply: Some(error_reply(id, codes::INVALID_PARAMS, "params must be an object")), stop: false },
    };
    if method == "shutdown" {
        return Step { reply: Some(json!({ "jsonrpc": "2.0", "id": id, "result": {} })), stop: true };
    }
    // A panic inside the library is the adapter's trouble for this call, not the end of the session.
    let outcome = catch_unwind(AssertUnwindSafe(|| adapter.call(method, params)));
    let reply = match outcome {
        Ok(Ok(result)) => json!({ "jsonrpc": "2.0", "id": id, "result": result }),
        Ok(Err(error)) => error_reply(id, error.code(), error.message()),
        Err(panic) => {
            let what = panic.downcast_ref::<String>().cloned().or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string())).unwrap_or_default();
            error_reply(id, codes::INTERNAL_ERROR, &format!("{method} panicked: {what}"))
        }
    };
    Step { reply: Some(reply), stop: false }
}

/// Where replies go: the process's original stdout. On Unix, file descriptor 1 is then pointed at stderr, so
/// a library that prints (`println!`) lands in the log instead of corrupting the protocol stream.
fn protocol_output() -> Box<dyn Write> {
    #[cfg(unix)]
    {
        use std::os::unix::io::FromRawFd;
        extern "C" {
            fn dup(fd: i32) -> i32;
            fn dup2(from: i32, to: i32) -> i32;
        }
        // SAFETY: plain descriptor calls; `saved` is a fresh descriptor this process owns from here on.
        unsafe {
            let saved = dup(1);
            if saved >= 0 && dup2(2, 1) >= 0 {
                return Box::new(std::fs::File::from_raw_fd(saved));
            }
        }
    }
    Box::new(std::io::stdout())
}

/// Serves `adapter` on stdin/stdout until `shutdown` or the end of input.
pub fn serve<A: Adapter>(mut adapter: A) {
    let stdin = std::io::stdin();
    let mut stdout = protocol_output();
    for line in stdin.lock().lines() {
        let Ok(line) = line else { break };
        if line.trim().is_empty() {
            continue;
        }
        let step = handle_line(&mut adapter, &line);
        if let Some(reply) = step.reply {
            // One line per reply, flushed now: the harness waits for it.
            if stdout.write_all(format!("{reply}\n").as_bytes()).and_then(|_| stdout.flush()).is_err() {
                break;
            }
        }
        if step.stop {
            adapter.shutdown();
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Echo;
    impl Adapter for Echo {
        fn call(&mut self, method: &str, params: Value) -> Reply {
            match method {
                "echo" => Ok(params),
                "boom" => Err(failed("it broke")),
                "panic" => panic!("library bug"),
                _ => Err(unsupported(format!("{method} is not offered"))),
            }
        }
    }

    fn reply(line: &str) -> Value {
        handle_line(&mut Echo, line).reply.expect("a reply")
    }

    #[test]
    fn answers_a_call_with_its_result_and_id() {
        assert_eq!(reply(r#"{"jsonrpc":"2.0","id":7,"method":"echo","params":{"a":1}}"#), json!({"jsonrpc":"2.0","id":7,"result":{"a":1}}));
    }

    #[test]
    fn unsupported_is_method_not_found_so_the_harness_skips() {
        assert_eq!(reply(r#"{"jsonrpc":"2.0","id":1,"method":"send","params":{}}"#)["error"]["code"], -32601);
    }

    #[test]
    fn other_errors_are_internal_with_the_message() {
        let r = reply(r#"{"jsonrpc":"2.0","id":2,"method":"boom","params":{}}"#);
        assert_eq!(r["error"], json!({"code": -32603, "message": "it broke"}));
    }

    #[test]
    fn a_panic_is_an_internal_error_not_a_crash() {
        let r = reply(r#"{"jsonrpc":"2.0","id":3,"method":"panic","params":{}}"#);
        assert_eq!(r["error"]["code"], -32603);
        assert!(r["error"]["message"].as_str().unwrap().contains("library bug"));
    }

    #[test]
    fn garbage_is_a_parse_error_with_a_null_id() {
        let r = reply("{not json");
        assert_eq!((r["id"].clone(), r["error"]["code"].clone()), (Value::Null, json!(-32700)));
    }

    #[test]
    fn a_request_without_method_is_invalid() {
        assert_eq!(reply(r#"{"jsonrpc":"2.0","id":4}"#)["error"]["code"], -32600);
    }

    #[test]
    fn shutdown_replies_then_stops() {
        let step = handle_line(&mut Echo, r#"{"jsonrpc":"2.0","id":9,"method":"shutdown","params":{}}"#);
        assert!(step.stop);
        assert_eq!(step.reply.unwrap(), json!({"jsonrpc":"2.0","id":9,"result":{}}));
    }

    #[test]
    fn missing_params_are_an_empty_object() {
        assert_eq!(reply(r#"{"jsonrpc":"2.0","id":5,"method":"echo"}"#)["result"], json!({}));
    }
}
