package dev.didcommconformance.kit;

/**
 * Thrown by a handler that cannot serve this one request (a `protocol` action or an option its library lacks):
 * answered JSON-RPC -32601, so the harness skips the case instead of counting it as errored.
 */
public class Unsupported extends RuntimeException {
    public Unsupported(String reason) {
        super(reason);
    }
}
