import dev.didcommconformance.kit.AdapterServer;
import dev.didcommconformance.kit.Json;
import dev.didcommconformance.kit.Unsupported;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Handlers that exercise each path of the kit's server (java-kit.test.ts drives it over stdio). */
public final class KitProbe {
    public static void main(String[] args) {
        AtomicInteger packs = new AtomicInteger();
        new AdapterServer()
            .on("describe", params -> Json.obj("protocolVersion", 1))
            .on("echo", params -> params.get("value"))
            .on("unsupported", params -> {
                throw new Unsupported("no such action in this library");
            })
            .on("fails", params -> {
                throw new IllegalStateException("the library broke");
            })
            .on("failsWithoutMessage", params -> {
                throw new NullPointerException();
            })
            .on("notJson", params -> Map.of("value", new Object()))
            .on("printsToStdout", params -> {
                System.out.println("a stray print that must not reach the reply stream");
                return Json.obj("printed", true);
            })
            .on("startsThread", params -> {
                // A non-daemon thread (like a library's HTTP server) must not keep the JVM alive after shutdown.
                new Thread(() -> {
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException stop) {
                        Thread.currentThread().interrupt();
                    }
                }).start();
                return Json.obj();
            })
            // For withBenchmark: "packed-N <the params it got>", then the params spoiled (each pack must get its
            // own copy); envelope "refused" is the library's rejection; the second message does not unpack.
            .on("pack", params -> {
                if ("refused".equals(params.get("envelope"))) {
                    return Json.obj("status", "rejected", "error", Json.obj("code", "refused", "message", "not this envelope"));
                }
                String packed = "packed-" + packs.incrementAndGet() + " " + Json.write(params);
                params.clear();
                return Json.obj("status", "packed", "packed", packed);
            })
            .on("unpack", params -> Json.obj("status", ((String) params.get("packed")).startsWith("packed-2 ") ? "rejected" : "accepted"))
            .withBenchmark()
            .serve();
    }
}
