import dev.didcommconformance.kit.AdapterServer;
import dev.didcommconformance.kit.Json;
import dev.didcommconformance.kit.Unsupported;
import java.util.Map;

/** Handlers that exercise each path of the kit's server (java-kit.test.ts drives it over stdio). */
public final class KitProbe {
    public static void main(String[] args) {
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
            .serve();
    }
}
