package adapterkit

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// numbered packs into "packed-1", "packed-2", ... and records the params each call got; its unpack accepts
// every text but those named in refuse, and records the texts it got.
type numbered struct {
	packParams []string
	unpacked   []string
	refuse     map[string]bool
}

func (n *numbered) handlers() Handlers {
	return Handlers{
		"describe": echo,
		"pack": func(params json.RawMessage) (any, error) {
			n.packParams = append(n.packParams, string(params))
			return map[string]any{"status": "packed", "packed": fmt.Sprintf("packed-%d", len(n.packParams)), "mediaType": "x"}, nil
		},
		"unpack": Method(func(p struct {
			Packed string `json:"packed"`
		}) (any, error) {
			n.unpacked = append(n.unpacked, p.Packed)
			if n.refuse[p.Packed] {
				return map[string]any{"status": "rejected", "error": map[string]any{"code": "bad", "message": "no"}}, nil
			}
			return map[string]any{"status": "accepted"}, nil
		}),
	}
}

type measured struct {
	Status   string   `json:"status"`
	Packed   int      `json:"packed"`
	Unpacked int      `json:"unpacked"`
	PackMs   *float64 `json:"packMs"`
	UnpackMs *float64 `json:"unpackMs"`
	Sample   string   `json:"sample"`
}

const packRequest = `{"envelope":"plaintext","message":{"id":"1","type":"t","body":{}}}`

func TestBenchmarkPacksThenUnpacksThroughTheAdaptersOwnHandlers(t *testing.T) {
	adapter := &numbered{refuse: map[string]bool{"packed-2": true}}
	replies, _ := run(t, WithBenchmark(adapter.handlers()),
		`{"jsonrpc":"2.0","id":1,"method":"benchmark","params":{"mode":"plaintext","iterations":3,"pack":`+packRequest+`}}`,
		`{"jsonrpc":"2.0","id":2,"method":"describe","params":{"still":"served"}}`)
	if len(replies) != 2 || replies[0].Error != nil {
		t.Fatalf("want a result and the other handlers kept: %+v", replies)
	}
	var got measured
	if err := json.Unmarshal(replies[0].Result, &got); err != nil {
		t.Fatal(err)
	}
	// The refused message is packed but not counted as unpacked: the harness flags 2 of 3.
	if got.Status != "measured" || got.Packed != 3 || got.Unpacked != 2 || got.Sample != "packed-3" {
		t.Fatalf("result %s", replies[0].Result)
	}
	if got.PackMs == nil || got.UnpackMs == nil || *got.PackMs < 0 || *got.UnpackMs < 0 {
		t.Fatalf("times %s", replies[0].Result)
	}
	if strings.Join(adapter.packParams, "|") != strings.Repeat(packRequest+"|", 2)+packRequest {
		t.Fatalf("every pack gets the pack request as sent: %q", adapter.packParams)
	}
	if strings.Join(adapter.unpacked, ",") != "packed-1,packed-2,packed-3" {
		t.Fatalf("every packed message is unpacked once, in order: %q", adapter.unpacked)
	}
	if string(replies[1].Result) != `{"still":"served"}` {
		t.Fatalf("describe after WithBenchmark: %s", replies[1].Result)
	}
}

func TestBenchmarkAnswersTheLibrarysRefusalToPack(t *testing.T) {
	calls := 0
	type rejection struct {
		Status string            `json:"status"`
		Error  map[string]string `json:"error"`
	}
	handlers := WithBenchmark(Handlers{
		// A typed result (not a map) is read as the kit would send it.
		"pack": func(json.RawMessage) (any, error) {
			calls++
			return rejection{Status: "rejected", Error: map[string]string{"code": "unsupported-envelope", "message": "plaintext only"}}, nil
		},
		"unpack": func(json.RawMessage) (any, error) { return nil, errors.New("never called") },
	})
	replies, _ := run(t, handlers, `{"jsonrpc":"2.0","id":1,"method":"benchmark","params":{"mode":"signed EdDSA","iterations":5,"pack":{"envelope":"signed"}}}`)
	if string(replies[0].Result) != `{"error":{"code":"unsupported-envelope","message":"plaintext only"},"status":"rejected"}` || calls != 1 {
		t.Fatalf("rejected after %d packs: %s %+v", calls, replies[0].Result, replies[0].Error)
	}
}

func TestBenchmarkBadParamsAreInvalidParams(t *testing.T) {
	adapter := &numbered{}
	lines := []string{
		`{"mode":"plaintext","pack":` + packRequest + `}`,
		`{"mode":"plaintext","iterations":0,"pack":` + packRequest + `}`,
		`{"mode":"plaintext","iterations":2.5,"pack":` + packRequest + `}`,
		`{"mode":"plaintext","iterations":"3","pack":` + packRequest + `}`,
		`{"mode":"plaintext","iterations":1000001,"pack":` + packRequest + `}`,
		`{"mode":"plaintext","iterations":3}`,
		`{"mode":"plaintext","iterations":3,"pack":"plaintext"}`,
	}
	for i, params := range lines {
		replies, _ := run(t, WithBenchmark(adapter.handlers()), fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"benchmark","params":%s}`, i, params))
		if replies[0].Error == nil || replies[0].Error.Code != CodeInvalidParams || !strings.HasPrefix(replies[0].Error.Message, "invalid params: ") {
			t.Fatalf("params %s: %+v %s", params, replies[0].Error, replies[0].Result)
		}
	}
	if len(adapter.packParams) != 0 {
		t.Fatalf("bad params packed %d messages", len(adapter.packParams))
	}
}

func TestBenchmarkHandlerTroubleIsTheBenchmarksError(t *testing.T) {
	unsupported := func(json.RawMessage) (any, error) { return nil, NewUnsupported("no unpack here") }
	handlers := WithBenchmark(Handlers{
		"pack":   func(json.RawMessage) (any, error) { return map[string]any{"status": "packed"}, nil }, // no packed text
		"unpack": unsupported,
	})
	replies, _ := run(t, handlers, `{"jsonrpc":"2.0","id":1,"method":"benchmark","params":{"mode":"plaintext","iterations":2,"pack":{}}}`)
	if replies[0].Error == nil || replies[0].Error.Code != CodeInternalError || !strings.Contains(replies[0].Error.Message, "neither a packed message nor a rejection") {
		t.Fatalf("a pack result without text: %+v", replies[0].Error)
	}
	handlers = WithBenchmark(Handlers{
		"pack":   func(json.RawMessage) (any, error) { return map[string]any{"status": "packed", "packed": "x"}, nil },
		"unpack": unsupported,
	})
	replies, _ = run(t, handlers, `{"jsonrpc":"2.0","id":1,"method":"benchmark","params":{"mode":"plaintext","iterations":2,"pack":{}}}`)
	if replies[0].Error == nil || replies[0].Error.Code != CodeMethodNotFound || replies[0].Error.Message != "no unpack here" {
		t.Fatalf("an Unsupported unpack: %+v", replies[0].Error)
	}
}

func TestWithBenchmarkNeedsPackAndUnpack(t *testing.T) {
	defer func() {
		if recovered := recover(); recovered == nil || !strings.Contains(fmt.Sprint(recovered), "needs the adapter's pack and unpack handlers") {
			t.Fatalf("want a panic naming the missing handlers, got %v", recovered)
		}
	}()
	WithBenchmark(Handlers{"pack": echo})
}
