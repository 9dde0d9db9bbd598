//! How a refusal is answered: `{"status": "rejected", "error": {code, message}}`. The library's refusals
//! keep its own error variant as the code and its message verbatim; what the adapter cannot ask the library
//! for (a key it does not have, an option its API lacks) is `ADAPTER_CANNOT_EXPRESS`.

use affinidi_messaging_didcomm::DIDCommError;
use serde_json::{json, Value};

pub struct Rejection {
    pub code: String,
    pub message: String,
}

/// The protocol's limit on a rejection message (common.schema.json `Rejection.message`): a library error that
/// quotes an oversized input is cut there, on a character boundary, so the reply stays valid.
const MESSAGE_LIMIT: usize = 10_000;

impl Rejection {
    pub fn into_result(self) -> Value {
        let message: String = if self.message.chars().count() > MESSAGE_LIMIT { self.message.chars().take(MESSAGE_LIMIT).collect() } else { self.message };
        json!({ "status": "rejected", "error": { "code": self.code, "message": message } })
    }
}

pub fn cannot_express(why: impl Into<String>) -> Rejection {
    Rejection { code: "ADAPTER_CANNOT_EXPRESS".into(), message: why.into() }
}

/// The library's error: its variant name (`InvalidMessage`, `Verification`, ...) and its message.
pub fn from_library(error: &DIDCommError) -> Rejection {
    let debug = format!("{error:?}");
    let code = debug.split(|c: char| !c.is_alphanumeric()).next().filter(|c| !c.is_empty()).unwrap_or("DIDCommError");
    Rejection { code: code.to_string(), message: error.to_string() }
}
