//! How a refusal is answered: `{"status": "rejected", "error": {code, message}}`. The library's refusals
//! keep its own error variant as the code and its message verbatim; what the adapter cannot ask the library
//! for (a key it does not have, an option its API lacks) is `ADAPTER_CANNOT_EXPRESS`.

use affinidi_messaging_didcomm::DIDCommError;
use serde_json::{json, Value};

pub struct Rejection {
    pub code: String,
    pub message: String,
}

impl Rejection {
    pub fn into_result(self) -> Value {
        json!({ "status": "rejected", "error": { "code": self.code, "message": self.message } })
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
