package adapterkit

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
)

type wire struct {
	ID     json.RawMessage `json:"id"`
	Result json.RawMessage `json:"result"`
	Error  *rpcError       `json:"error"`
}

// run feeds lines to ServeIO and returns each reply line decoded, and what ServeIO returned.
func run(t *testing.T, handlers Handlers, lines ...string) ([]wire, error) {
	t.Helper()
	var out bytes.Buffer
	err := ServeIO(strings.NewReader(strings.Join(lines, "\n")), &out, handlers)
	var replies []wire
	for _, line := range strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n") {
		if line == "" {
			continue
		}
		var w wire
		if json.Unmarshal([]byte(line), &w) != nil {
			t.Fatalf("reply is not one JSON line: %q", line)
		}
		replies = append(replies, w)
	}
	return replies, err
}

func echo(params json.RawMessage) (any, error) { return params, nil }

func TestDispatchEchoesIDAndResult(t *testing.T) {
	replies, err := run(t, Handlers{"pack": echo}, `{"jsonrpc":"2.0","id":7,"method":"pack","params":{"a":[1,2.50,"<&>"]}}`)
	if err != nil || len(replies) != 1 {
		t.Fatalf("want one reply, got %d (%v)", len(replies), err)
	}
	if string(replies[0].ID) != "7" || string(replies[0].Result) != `{"a":[1,2.50,"<&>"]}` || replies[0].Error != nil {
		t.Fatalf("unexpected reply %+v / %s", replies[0], replies[0].Result)
	}
}

func TestAbsentParamsAndNilResultAreEmptyObjects(t *testing.T) {
	var seen string
	handlers := Handlers{"reset": func(p json.RawMessage) (any, error) { seen = string(p); return nil, nil }}
	replies, _ := run(t, handlers, `{"jsonrpc":"2.0","id":1,"method":"reset"}`)
	if seen != "{}" || string(replies[0].Result) != "{}" {
		t.Fatalf("params %q, result %s", seen, replies[0].Result)
	}
}

func TestUnknownMethodAndUnsupportedAnswerMethodNotFound(t *testing.T) {
	handlers := Handlers{"protocol": func(json.RawMessage) (any, error) {
		return nil, NewUnsupported("no %s here", "trust ping")
	}}
	replies, _ := run(t, handlers,
		`{"jsonrpc":"2.0","id":1,"method":"send","params":{}}`,
		`{"jsonrpc":"2.0","id":2,"method":"protocol","params":{}}`)
	if replies[0].Error == nil || replies[0].Error.Code != -32601 || replies[0].Error.Message != "method not found: send" {
		t.Fatalf("unknown method: %+v", replies[0].Error)
	}
	if replies[1].Error == nil || replies[1].Error.Code != -32601 || replies[1].Error.Message != "no trust ping here" {
		t.Fatalf("unsupported: %+v", replies[1].Error)
	}
}

func TestOtherErrorsAndPanicsAreInternalErrorsAndTheLoopGoesOn(t *testing.T) {
	handlers := Handlers{
		"pack":   func(json.RawMessage) (any, error) { return nil, errors.New("key store closed") },
		"unpack": func(json.RawMessage) (any, error) { panic("nil key") },
		"reset":  func(json.RawMessage) (any, error) { return map[string]any{}, nil },
	}
	replies, _ := run(t, handlers,
		`{"jsonrpc":"2.0","id":1,"method":"pack","params":{}}`,
		`{"jsonrpc":"2.0","id":2,"method":"unpack","params":{}}`,
		`{"jsonrpc":"2.0","id":3,"method":"reset","params":{}}`)
	if len(replies) != 3 {
		t.Fatalf("want 3 replies, got %d", len(replies))
	}
	if replies[0].Error.Code != -32603 || replies[0].Error.Message != "key store closed" {
		t.Fatalf("error: %+v", replies[0].Error)
	}
	if replies[1].Error.Code != -32603 || !strings.Contains(replies[1].Error.Message, "unpack handler panicked: nil key") {
		t.Fatalf("panic: %+v", replies[1].Error)
	}
	if string(replies[2].Result) != "{}" {
		t.Fatalf("after a panic: %s", replies[2].Result)
	}
}

func TestTypedParamsAndInvalidParams(t *testing.T) {
	type packParams struct {
		Envelope string         `json:"envelope"`
		Message  map[string]any `json:"message"`
	}
	handlers := Handlers{"pack": Method(func(p packParams) (map[string]any, error) {
		return map[string]any{"envelope": p.Envelope, "n": p.Message["n"]}, nil
	})}
	replies, _ := run(t, handlers,
		`{"jsonrpc":"2.0","id":1,"method":"pack","params":{"envelope":"plaintext","message":{"n":12345678901234567890},"extra":true}}`,
		`{"jsonrpc":"2.0","id":2,"method":"pack","params":{"envelope":3}}`)
	if string(replies[0].Result) != `{"envelope":"plaintext","n":12345678901234567890}` {
		t.Fatalf("typed result (numbers must stay exact): %s", replies[0].Result)
	}
	if replies[1].Error == nil || replies[1].Error.Code != -32602 {
		t.Fatalf("invalid params: %+v", replies[1].Error)
	}
}

func TestMalformedLinesGetOneErrorReplyEach(t *testing.T) {
	replies, _ := run(t, Handlers{},
		`not json`,
		`{"jsonrpc":"2.0","method":"reset"}`,
		`{"jsonrpc":"1.0","id":4,"method":"reset"}`,
		`{"jsonrpc":"2.0","id":5,"method":"reset","params":[1]}`,
		``,
		`{"jsonrpc":"2.0","id":6,"method":"reset","params":{}}`)
	want := []struct {
		id   string
		code int
	}{{"null", -32700}, {"null", -32600}, {"4", -32600}, {"5", -32600}, {"6", -32601}}
	if len(replies) != len(want) {
		t.Fatalf("want %d replies (blank lines get none), got %d", len(want), len(replies))
	}
	for i, w := range want {
		if string(replies[i].ID) != w.id || replies[i].Error == nil || replies[i].Error.Code != w.code {
			t.Fatalf("reply %d: want id %s code %d, got %s %+v", i, w.id, w.code, replies[i].ID, replies[i].Error)
		}
	}
}

func TestShutdownRepliesThenStops(t *testing.T) {
	called := false
	handlers := Handlers{"reset": func(json.RawMessage) (any, error) { called = true; return nil, nil }}
	replies, err := run(t, handlers,
		`{"jsonrpc":"2.0","id":1,"method":"shutdown","params":{}}`,
		`{"jsonrpc":"2.0","id":2,"method":"reset","params":{}}`)
	if err != nil || len(replies) != 1 || string(replies[0].Result) != "{}" || called {
		t.Fatalf("shutdown: %d replies, err %v, later call ran: %v", len(replies), err, called)
	}
}

func TestLongLinesAndNoTrailingNewline(t *testing.T) {
	big := strings.Repeat("x", 5*1024*1024)
	replies, err := run(t, Handlers{"unpack": echo}, `{"jsonrpc":"2.0","id":1,"method":"unpack","params":{"packed":"`+big+`"}}`)
	if err != nil || len(replies) != 1 || len(replies[0].Result) != len(big)+len(`{"packed":""}`) {
		t.Fatalf("a 5 MiB line: %d replies, err %v", len(replies), err)
	}
}

// Each reply reaches the writer before the next request is read: a harness waits for it.
func TestEachReplyIsWrittenBeforeTheNextRequestIsRead(t *testing.T) {
	requests, feed := io.Pipe()
	replies, collect := io.Pipe()
	done := make(chan error, 1)
	go func() { done <- ServeIO(requests, collect, Handlers{"reset": echo}) }()
	lines := make(chan string)
	go func() {
		buffer := make([]byte, 4096)
		for {
			n, err := replies.Read(buffer)
			if err != nil {
				close(lines)
				return
			}
			lines <- string(buffer[:n])
		}
	}()
	for id := 1; id <= 2; id++ {
		if _, err := io.WriteString(feed, `{"jsonrpc":"2.0","id":`+string(rune('0'+id))+`,"method":"reset","params":{}}`+"\n"); err != nil {
			t.Fatal(err)
		}
		if got := <-lines; !strings.HasPrefix(got, `{"jsonrpc":"2.0","id":`+string(rune('0'+id))) || !strings.HasSuffix(got, "}\n") {
			t.Fatalf("reply %d: %q", id, got)
		}
	}
	feed.Close()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	collect.Close()
}
