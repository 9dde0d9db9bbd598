import dev.didcommconformance.kit.AdapterServer;
import dev.didcommconformance.kit.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A plaintext-only adapter to start from (docs/writing-an-adapter.md). Replace the stand-ins below with calls
 * to your library; claim in describe only what round trips through it prove.
 */
public final class Main {
    private static final String PLAIN = "application/didcomm-plain+json";
    private static final Map<String, Map<String, Object>> documents = new LinkedHashMap<>();

    public static void main(String[] args) {
        new AdapterServer()
            .on("describe", params -> describe())
            .on("reset", params -> {
                documents.clear();
                return Json.obj();
            })
            .on("registerDidDocument", params -> {
                Map<String, Object> document = Json.object(params.get("didDocument"), "didDocument");
                documents.put((String) document.get("id"), document);
                return Json.obj();
            })
            .on("importIdentity", params -> {
                // A real adapter hands the private JWKs in params.secrets to its library's key store.
                Map<String, Object> document = Json.object(params.get("didDocument"), "didDocument");
                documents.put((String) document.get("id"), document);
                return Json.obj("did", document.get("id"));
            })
            .on("pack", Main::pack)
            .on("unpack", Main::unpack)
            // The optional benchmark: pack then unpack N messages through the two handlers above, in this process.
            .withBenchmark()
            .serve();
    }

    private static Map<String, Object> describe() {
        return Json.obj(
            "protocolVersion", 1,
            "implementation", Json.obj("name", "{{name}}", "version", "0.1.0", "language", "Java"),
            "capabilities", Json.obj(
                "envelopes", List.of("plaintext"),
                "algorithms", Json.obj(),
                "didMethods", List.of("example"),
                "protocols", List.of(),
                "transports", List.of(),
                "roles", List.of("sender", "receiver")));
    }

    /** Stand-in: a real adapter asks its library to pack; a rejection is a result, not an exception. */
    private static Map<String, Object> pack(Map<String, Object> params) {
        if (!"plaintext".equals(params.get("envelope"))) {
            return rejected("unsupported-envelope", "this adapter packs plaintext only, not " + params.get("envelope"), null);
        }
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("typ", PLAIN);
        message.putAll(Json.object(params.get("message"), "message"));
        return Json.obj("status", "packed", "packed", Json.write(message), "mediaType", PLAIN);
    }

    /** Stand-in: a real adapter asks its library to unpack and returns the plaintext exactly as it gave it. */
    private static Map<String, Object> unpack(Map<String, Object> params) {
        Object message;
        try {
            message = Json.parse((String) params.get("packed"));
        } catch (Json.ParseError notJson) {
            return rejected("not-json", notJson.getMessage(), null);
        }
        if (!(message instanceof Map) || !(((Map<?, ?>) message).get("id") instanceof String) || !(((Map<?, ?>) message).get("type") instanceof String)) {
            return rejected("bad-plaintext", "a plaintext message needs string id and type", "ENV-PLAIN-005");
        }
        Map<String, Object> metadata = Json.obj("encrypted", false, "authenticated", false, "nonRepudiation", false, "anonymousSender", true);
        return Json.obj("status", "accepted", "message", message, "metadata", metadata);
    }

    private static Map<String, Object> rejected(String code, String message, String requirement) {
        Map<String, Object> error = Json.obj("code", code, "message", message);
        if (requirement != null) error.put("requirement", requirement);
        return Json.obj("status", "rejected", "error", error);
    }
}
