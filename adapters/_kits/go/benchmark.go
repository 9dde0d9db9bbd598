package adapterkit

// The optional `benchmark` method (docs/adapter-protocol.md, "benchmark (optional)"): pack the requested
// message `iterations` times through the adapter's own pack handler, then unpack every one of those messages
// through its own unpack handler, each loop timed inside this process (no JSON-RPC, no pipe). The figure
// includes the adapter's translation of each call into its library's API, as a caller of that library pays.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// maxIterations is the most the protocol asks for (benchmark.schema.json); more is a bad request.
const maxIterations = 1_000_000

// WithBenchmark returns handlers plus a "benchmark" handler over its own "pack" and "unpack" (see
// BenchmarkThrough): serve adapterkit.WithBenchmark(handlers) to take part in the cross-language throughput
// table. It panics when either handler is missing, a mistake in the adapter's own code.
func WithBenchmark(handlers Handlers) Handlers {
	pack, unpack := handlers["pack"], handlers["unpack"]
	if pack == nil || unpack == nil {
		panic("adapterkit.WithBenchmark needs the adapter's pack and unpack handlers")
	}
	extended := make(Handlers, len(handlers)+1)
	for method, handler := range handlers {
		extended[method] = handler
	}
	extended["benchmark"] = BenchmarkThrough(pack, unpack)
	return extended
}

type benchmarkParams struct {
	Iterations json.RawMessage `json:"iterations"`
	Pack       json.RawMessage `json:"pack"`
}

// BenchmarkThrough is a "benchmark" handler over pack and unpack. Every pack gets the request's pack params
// exactly as received; a pack answered {"status":"rejected"} ends the benchmark with that rejection (the mode
// is shown as n/a with the reason). An error from either handler is the benchmark's error.
func BenchmarkThrough(pack, unpack Handler) Handler {
	return func(raw json.RawMessage) (any, error) {
		iterations, request, err := readBenchmarkParams(raw)
		if err != nil {
			return nil, err
		}
		packed := make([]string, 0, iterations)
		started := time.Now() // carries Go's monotonic clock reading: Since is immune to wall-clock steps
		for range iterations {
			text, rejection, err := packOnce(pack, request)
			if err != nil {
				return nil, err
			}
			if rejection != nil {
				return map[string]any{"status": "rejected", "error": rejection}, nil
			}
			packed = append(packed, text)
		}
		packMs := milliseconds(time.Since(started))
		accepted := 0
		started = time.Now()
		for _, text := range packed {
			status, err := unpackOnce(unpack, text)
			if err != nil {
				return nil, err
			}
			if status == "accepted" {
				accepted++
			}
		}
		unpackMs := milliseconds(time.Since(started))
		return map[string]any{
			"status": "measured", "packed": len(packed), "unpacked": accepted,
			"packMs": packMs, "unpackMs": unpackMs, "sample": packed[len(packed)-1],
		}, nil
	}
}

// readBenchmarkParams checks what the loops need: a whole number of iterations in range and a pack object.
func readBenchmarkParams(raw json.RawMessage) (int, json.RawMessage, error) {
	var params benchmarkParams
	if err := json.Unmarshal(raw, &params); err != nil {
		return 0, nil, &invalidParams{cause: err}
	}
	// Parsed from the JSON text itself: a string ("3"), a fraction or an absent member is refused.
	iterations, err := strconv.ParseInt(string(params.Iterations), 10, 64)
	if err != nil || iterations < 1 || iterations > maxIterations {
		return 0, nil, &invalidParams{cause: fmt.Errorf("iterations must be a whole number from 1 to %d, not %s", maxIterations, orAbsent(params.Iterations))}
	}
	if trimmed := bytes.TrimSpace(params.Pack); len(trimmed) == 0 || trimmed[0] != '{' {
		return 0, nil, &invalidParams{cause: errors.New("pack must be an object (a pack request)")}
	}
	return int(iterations), params.Pack, nil
}

// packOnce packs once: the packed text, or the library's rejection (nil when it packed).
func packOnce(pack Handler, request json.RawMessage) (string, any, error) {
	result, err := pack(request)
	if err != nil {
		return "", nil, err
	}
	fields, err := resultFields(result)
	if err != nil {
		return "", nil, fmt.Errorf("benchmark: the pack result: %w", err)
	}
	status, _ := fields["status"].(string)
	packed, _ := fields["packed"].(string)
	switch {
	case status == "packed" && packed != "":
		return packed, nil, nil
	case status == "rejected" && fields["error"] != nil:
		return "", fields["error"], nil
	}
	return "", nil, fmt.Errorf("benchmark: pack answered neither a packed message nor a rejection (status %q)", status)
}

// unpackOnce unpacks once and returns the result's status ("accepted" when the library took the message).
func unpackOnce(unpack Handler, packed string) (string, error) {
	params, err := json.Marshal(map[string]string{"packed": packed})
	if err != nil {
		return "", err
	}
	result, err := unpack(params)
	if err != nil {
		return "", err
	}
	fields, err := resultFields(result)
	if err != nil {
		return "", fmt.Errorf("benchmark: the unpack result: %w", err)
	}
	status, _ := fields["status"].(string)
	return status, nil
}

// resultFields reads a handler's result as a JSON object. A map[string]any (what most handlers return) is
// read as it is; any other value goes through JSON, exactly as the kit would send it.
func resultFields(result any) (map[string]any, error) {
	if fields, ok := result.(map[string]any); ok {
		return fields, nil
	}
	encoded, err := json.Marshal(result)
	if err != nil {
		return nil, err
	}
	var fields map[string]any
	if err := json.Unmarshal(encoded, &fields); err != nil {
		return nil, errors.New("not a JSON object")
	}
	return fields, nil
}

func orAbsent(value json.RawMessage) string {
	if len(value) == 0 {
		return "absent"
	}
	return string(value)
}

func milliseconds(elapsed time.Duration) float64 { return float64(elapsed.Nanoseconds()) / 1e6 }
