package dev.didcommconformance.kit;

import java.util.Map;

/** One protocol method: its params object in, its result (maps, lists, strings, numbers, booleans) out. */
@FunctionalInterface
public interface Method {
    Object call(Map<String, Object> params) throws Exception;
}
