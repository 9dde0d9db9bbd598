package dev.didcommconformance.kit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The optional {@code benchmark} method (docs/adapter-protocol.md, "benchmark (optional)"): pack the requested
 * message {@code iterations} times through the adapter's own {@code pack} handler, then unpack every one of
 * those messages through its own {@code unpack} handler, each loop timed with {@link System#nanoTime()} (a
 * monotonic clock) inside this process: no JSON-RPC, no pipe. The figure includes the adapter's translation of
 * each call into its library's API, as a caller of that library pays it too. Enable it with
 * {@link AdapterServer#withBenchmark()}.
 */
public final class Benchmark {
    /** The most the protocol asks for (benchmark.schema.json); more is a bad request. */
    static final long MAX_ITERATIONS = 1_000_000;

    private Benchmark() {}

    /**
     * A {@code benchmark} handler over {@code pack} and {@code unpack}. Each pack gets its own copy of the
     * request's {@code pack} params, as each request over the wire would; a pack answered
     * {@code {"status":"rejected"}} ends the benchmark with that rejection (the harness shows the mode as n/a
     * with the reason). An exception from either handler is the benchmark's.
     */
    public static Method through(Method pack, Method unpack) {
        return params -> {
            int iterations = iterations(params.get("iterations"));
            if (!(params.get("pack") instanceof Map)) throw new InvalidParams("pack must be an object (a pack request)");
            Map<String, Object> request = Json.object(params.get("pack"), "pack");
            List<String> packed = new ArrayList<>(iterations);
            long started = System.nanoTime();
            for (int i = 0; i < iterations; i++) {
                Map<String, Object> result = resultOf(pack.call(copy(request)), "pack");
                Object status = result.get("status");
                if ("rejected".equals(status) && result.get("error") instanceof Map) {
                    return Json.obj("status", "rejected", "error", result.get("error"));
                }
                if (!"packed".equals(status) || !(result.get("packed") instanceof String)) {
                    throw new IllegalStateException("pack answered neither a packed message nor a rejection (status " + status + ")");
                }
                packed.add((String) result.get("packed"));
            }
            double packMs = millisecondsSince(started);
            long accepted = 0;
            started = System.nanoTime();
            for (String text : packed) {
                Map<String, Object> unpackParams = new LinkedHashMap<>();
                unpackParams.put("packed", text);
                if ("accepted".equals(resultOf(unpack.call(unpackParams), "unpack").get("status"))) accepted++;
            }
            double unpackMs = millisecondsSince(started);
            return Json.obj("status", "measured", "packed", packed.size(), "unpacked", accepted,
                "packMs", packMs, "unpackMs", unpackMs, "sample", packed.get(packed.size() - 1));
        };
    }

    /** A whole number of iterations in range; a string, a fraction or an absent member is a bad request. */
    private static int iterations(Object value) {
        if (!(value instanceof Long) || (Long) value < 1 || (Long) value > MAX_ITERATIONS) {
            throw new InvalidParams("iterations must be a whole number from 1 to " + MAX_ITERATIONS + ", not "
                + (value == null ? "absent" : Json.write(value)));
        }
        return ((Long) value).intValue();
    }

    private static Map<String, Object> resultOf(Object result, String method) {
        if (result instanceof Map) return Json.object(result, method + " result");
        throw new IllegalStateException("the " + method + " result is not a JSON object");
    }

    /** A deep copy of parsed JSON (maps and lists; strings, numbers and booleans are immutable). */
    @SuppressWarnings("unchecked")
    static <T> T copy(T value) {
        if (value instanceof Map) {
            Map<String, Object> copied = new LinkedHashMap<>();
            ((Map<String, Object>) value).forEach((key, member) -> copied.put(key, copy(member)));
            return (T) copied;
        }
        if (value instanceof List) {
            List<Object> copied = new ArrayList<>();
            for (Object item : (List<Object>) value) copied.add(copy(item));
            return (T) copied;
        }
        return value;
    }

    private static double millisecondsSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e6;
    }
}
