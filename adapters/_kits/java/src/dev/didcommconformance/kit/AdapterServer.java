package dev.didcommconformance.kit;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The adapter side of protocol v1 over stdio (docs/adapter-protocol.md): one JSON-RPC 2.0 request per line on
 * stdin, exactly one reply per line on stdout, in order, flushed per reply. Methods without a handler, and
 * handlers that throw {@link Unsupported}, answer -32601 (the harness skips the case); {@link InvalidParams}
 * answers -32602; any other exception answers -32603 with its message (the case is errored). {@code shutdown} is answered, then the JVM exits; so
 * does the end of input. While serving, {@code System.out} goes to stderr, so a stray print cannot corrupt
 * the reply stream.
 */
public final class AdapterServer {
    static final int PARSE_ERROR = -32700;
    static final int INVALID_REQUEST = -32600;
    static final int METHOD_NOT_FOUND = -32601;
    static final int INVALID_PARAMS = -32602;
    static final int INTERNAL_ERROR = -32603;

    /** Handlers run on a thread with this stack, so deeply nested JSON (and libraries that recurse) fit. */
    private static final long STACK_BYTES = 512L * 1024 * 1024;

    private final Map<String, Method> methods = new LinkedHashMap<>();

    /**
     * Registers the handler of `method` (e.g. "describe", "unpack"). `shutdown` is answered by the server itself;
     * a handler registered for it runs first, as clean-up (its result is ignored).
     */
    public AdapterServer on(String method, Method handler) {
        methods.put(method, handler);
        return this;
    }

    /**
     * Registers the optional {@code benchmark} method ({@link Benchmark}) over the {@code pack} and {@code unpack}
     * handlers registered so far, for the harness's cross-language throughput table: call it after both.
     */
    public AdapterServer withBenchmark() {
        Method pack = methods.get("pack");
        Method unpack = methods.get("unpack");
        if (pack == null || unpack == null) throw new IllegalStateException("withBenchmark needs the pack and unpack handlers registered first");
        return on("benchmark", Benchmark.through(pack, unpack));
    }

    /** Serves stdin/stdout until `shutdown` or the end of input, then exits the JVM. Never returns. */
    public void serve() {
        PrintStream protocolOut = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        System.setOut(System.err);
        Thread loop = new Thread(null, () -> {
            try {
                run(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), protocolOut);
            } catch (IOException broken) {
                System.err.println("adapter: stdio failed: " + broken.getMessage());
            }
        }, "adapter-stdio", STACK_BYTES);
        loop.start();
        try {
            loop.join();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        protocolOut.flush();
        // Exit even when a handler left non-daemon threads behind (an HTTP server, an executor).
        System.exit(0);
    }

    /** The loop itself, on any reader and stream (tests drive it with strings). */
    void run(BufferedReader in, OutputStream out) throws IOException {
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) continue;
            Reply reply = handle(line);
            out.write((reply.text + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            if (reply.shutdown) return;
        }
    }

    /** A reply line, and whether it answered `shutdown`. */
    record Reply(String text, boolean shutdown) {
        Reply(Map<String, Object> frame, boolean shutdown) {
            this(Json.write(frame), shutdown);
        }
    }

    Reply handle(String text) {
        Object request;
        try {
            request = Json.parse(text);
        } catch (Json.ParseError notJson) {
            return new Reply(error(null, PARSE_ERROR, "the request is not JSON: " + notJson.getMessage()), false);
        }
        if (!(request instanceof Map)) return new Reply(error(null, INVALID_REQUEST, "the request is not a JSON object"), false);
        Map<String, Object> frame = Json.object(request, "request");
        Object id = frame.get("id");
        Object replyId = id instanceof Long || id instanceof String ? id : null;
        Object method = frame.get("method");
        Object params = frame.containsKey("params") ? frame.get("params") : new LinkedHashMap<String, Object>();
        if (!"2.0".equals(frame.get("jsonrpc")) || replyId == null || !(method instanceof String) || !(params instanceof Map)) {
            return new Reply(error(replyId, INVALID_REQUEST, "invalid request: needs jsonrpc \"2.0\", an id, a method name and params as an object"), false);
        }
        Method handler = methods.get(method);
        if (method.equals("shutdown")) {
            try {
                if (handler != null) handler.call(Json.object(params, "params"));
            } catch (Exception cleanupFailed) {
                System.err.println("adapter: shutdown cleanup failed: " + describe(cleanupFailed));
            }
            return new Reply(result(replyId, new LinkedHashMap<>()), true);
        }
        if (handler == null) return new Reply(error(replyId, METHOD_NOT_FOUND, "method not found: " + method), false);
        try {
            Object result = handler.call(Json.object(params, "params"));
            // Serialized here, so a result that is not JSON-able is this request's error, not the loop's end.
            return new Reply(result(replyId, result == null ? new LinkedHashMap<>() : result), false);
        } catch (Unsupported unsupported) {
            return new Reply(error(replyId, METHOD_NOT_FOUND, "unsupported: " + unsupported.getMessage()), false);
        } catch (InvalidParams invalid) {
            return new Reply(error(replyId, INVALID_PARAMS, "invalid params: " + invalid.getMessage()), false);
        } catch (Exception | StackOverflowError | OutOfMemoryError | AssertionError | LinkageError failed) {
            // Adapter trouble, not the agent's verdict: the harness records the case as errored with this text.
            System.err.println("adapter: the " + method + " handler threw:");
            failed.printStackTrace(System.err);
            return new Reply(error(replyId, INTERNAL_ERROR, "the " + method + " handler threw: " + describe(failed)), false);
        }
    }

    /** The exception's class and message in one line (some libraries throw with a null message). */
    static String describe(Throwable failed) {
        String message = failed.getMessage();
        String name = failed.getClass().getSimpleName();
        return message == null || message.isBlank() ? name : name + ": " + message.replace('\n', ' ');
    }

    private static Map<String, Object> result(Object id, Object result) {
        return Json.obj("jsonrpc", "2.0", "id", id, "result", result);
    }

    private static Map<String, Object> error(Object id, int code, String message) {
        return Json.obj("jsonrpc", "2.0", "id", id, "error", Json.obj("code", code, "message", message));
    }
}
