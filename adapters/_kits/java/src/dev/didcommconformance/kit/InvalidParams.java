package dev.didcommconformance.kit;

/**
 * Thrown by a handler whose params lack what the method needs or hold the wrong kind of value: answered
 * JSON-RPC -32602 with the message. The harness never sends such params; another caller might.
 */
public class InvalidParams extends RuntimeException {
    public InvalidParams(String what) {
        super(what);
    }
}
