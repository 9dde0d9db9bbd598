package dev.didcommconformance.kit;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON text to plain Java values and back, with no dependency: objects are {@code LinkedHashMap<String, Object>}
 * (member order kept), arrays {@code ArrayList<Object>}, strings {@code String}, numbers {@code Long} when
 * integral and in range, else {@code BigInteger} or {@code BigDecimal} (never rounded through a double),
 * {@code Boolean}, and JSON null is Java {@code null}. Adapters convert these to their library's own model.
 */
public final class Json {
    private Json() {}

    /** Thrown for text that is not one JSON value. */
    public static final class ParseError extends RuntimeException {
        ParseError(String message, int offset) {
            super(message + " at offset " + offset);
        }
    }

    /** Parses exactly one JSON value (surrounding whitespace allowed). */
    public static Object parse(String text) {
        Parser parser = new Parser(text);
        parser.skipSpace();
        Object value = parser.value();
        parser.skipSpace();
        if (parser.at < text.length()) throw new ParseError("text after the JSON value", parser.at);
        return value;
    }

    /** Serializes maps, collections, arrays of objects, strings, numbers, booleans and null as compact JSON. */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    /** The value as a JSON object, or an error naming what it was instead. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(Object value, String what) {
        if (value instanceof Map) return (Map<String, Object>) value;
        throw new IllegalArgumentException(what + " is not a JSON object");
    }

    /** The value as a JSON array, or an error naming what it was instead. */
    @SuppressWarnings("unchecked")
    public static List<Object> array(Object value, String what) {
        if (value instanceof List) return (List<Object>) value;
        throw new IllegalArgumentException(what + " is not a JSON array");
    }

    /** A new object from alternating keys and values: {@code Json.obj("status", "packed", "packed", text)}. */
    public static Map<String, Object> obj(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) throw new IllegalArgumentException("obj needs key/value pairs");
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        return map;
    }

    private static void write(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String) {
            writeString((String) value, out);
        } else if (value instanceof Boolean) {
            out.append(value.toString());
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) throw new IllegalArgumentException("JSON has no NaN or Infinity");
            out.append(d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d));
        } else if (value instanceof Number) {
            out.append(value instanceof BigDecimal ? ((BigDecimal) value).toString() : value.toString());
        } else if (value instanceof Map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                if (!first) out.append(',');
                first = false;
                writeString(String.valueOf(entry.getKey()), out);
                out.append(':');
                write(entry.getValue(), out);
            }
            out.append('}');
        } else if (value instanceof Collection || value instanceof Object[]) {
            Iterable<?> items = value instanceof Object[] ? List.of((Object[]) value) : (Collection<?>) value;
            out.append('[');
            boolean first = true;
            for (Object item : items) {
                if (!first) out.append(',');
                first = false;
                write(item, out);
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("cannot write a " + value.getClass().getName() + " as JSON");
        }
    }

    private static void writeString(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                default:
                    // Control characters must be escaped; a lone surrogate would not survive UTF-8 encoding.
                    boolean loneSurrogate = Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < s.length()
                        && Character.isLowSurrogate(s.charAt(i + 1))) && !(Character.isLowSurrogate(c) && i > 0
                        && Character.isHighSurrogate(s.charAt(i - 1)));
                    if (c < 0x20 || loneSurrogate) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
            }
        }
        out.append('"');
    }

    /** Recursive descent; the server runs handlers on a thread with a large stack, so deep nesting is fine. */
    private static final class Parser {
        private final String text;
        private int at;

        Parser(String text) {
            this.text = text;
        }

        void skipSpace() {
            while (at < text.length()) {
                char c = text.charAt(at);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
                at++;
            }
        }

        Object value() {
            if (at >= text.length()) throw new ParseError("unexpected end of input", at);
            char c = text.charAt(at);
            switch (c) {
                case '{': return object();
                case '[': return array();
                case '"': return string();
                case 't': return literal("true", Boolean.TRUE);
                case 'f': return literal("false", Boolean.FALSE);
                case 'n': return literal("null", null);
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) return number();
                    throw new ParseError("unexpected character '" + c + "'", at);
            }
        }

        private Map<String, Object> object() {
            Map<String, Object> map = new LinkedHashMap<>();
            at++;
            skipSpace();
            if (peek() == '}') {
                at++;
                return map;
            }
            while (true) {
                skipSpace();
                if (peek() != '"') throw new ParseError("expected a member name", at);
                String key = string();
                skipSpace();
                expect(':');
                skipSpace();
                map.put(key, value());
                skipSpace();
                char c = next();
                if (c == '}') return map;
                if (c != ',') throw new ParseError("expected ',' or '}'", at - 1);
            }
        }

        private List<Object> array() {
            List<Object> list = new ArrayList<>();
            at++;
            skipSpace();
            if (peek() == ']') {
                at++;
                return list;
            }
            while (true) {
                skipSpace();
                list.add(value());
                skipSpace();
                char c = next();
                if (c == ']') return list;
                if (c != ',') throw new ParseError("expected ',' or ']'", at - 1);
            }
        }

        private String string() {
            at++;
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') return out.toString();
                if (c < 0x20) throw new ParseError("control character in a string", at - 1);
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char e = next();
                switch (e) {
                    case '"': out.append('"'); break;
                    case '\\': out.append('\\'); break;
                    case '/': out.append('/'); break;
                    case 'b': out.append('\b'); break;
                    case 'f': out.append('\f'); break;
                    case 'n': out.append('\n'); break;
                    case 'r': out.append('\r'); break;
                    case 't': out.append('\t'); break;
                    case 'u':
                        if (at + 4 > text.length()) throw new ParseError("short \\u escape", at);
                        try {
                            out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                        } catch (NumberFormatException bad) {
                            throw new ParseError("bad \\u escape", at);
                        }
                        at += 4;
                        break;
                    default: throw new ParseError("bad escape '\\" + e + "'", at - 1);
                }
            }
        }

        private Object number() {
            int start = at;
            if (peek() == '-') at++;
            if (peek() == '0') at++;
            else digits();
            boolean integral = true;
            if (peek() == '.') {
                integral = false;
                at++;
                digits();
            }
            if (peek() == 'e' || peek() == 'E') {
                integral = false;
                at++;
                if (peek() == '+' || peek() == '-') at++;
                digits();
            }
            String literal = text.substring(start, at);
            if (!integral) return new BigDecimal(literal);
            BigInteger big = new BigInteger(literal);
            return big.bitLength() < 64 ? (Object) big.longValue() : big;
        }

        private void digits() {
            int start = at;
            while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') at++;
            if (at == start) throw new ParseError("expected a digit", at);
        }

        private Object literal(String word, Object value) {
            if (!text.startsWith(word, at)) throw new ParseError("unexpected token", at);
            at += word.length();
            return value;
        }

        private char peek() {
            return at < text.length() ? text.charAt(at) : '\0';
        }

        private char next() {
            if (at >= text.length()) throw new ParseError("unexpected end of input", at);
            return text.charAt(at++);
        }

        private void expect(char c) {
            if (next() != c) throw new ParseError("expected '" + c + "'", at - 1);
        }
    }
}
