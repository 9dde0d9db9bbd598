// Package adapterkit is the JSON-RPC 2.0 line loop of a didcomm-conformance adapter written in Go
// (docs/adapter-protocol.md): one request per line on stdin, exactly one reply per line on stdout, in order.
// An adapter supplies one Handler per method it implements; everything else answers -32601 ("unsupported":
// the harness skips the cases that need it). It uses the standard library only.
package adapterkit

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
)

// Handler answers one method. params is the request's params object exactly as received ({} when absent).
// A nil result is sent as {}. Return *Unsupported for what the library cannot do, any other error for
// adapter trouble; a message the library rejects is a normal result ({"status": "rejected", ...}).
type Handler func(params json.RawMessage) (any, error)

// Handlers maps method names (describe, reset, pack, unpack, ...) to their handlers.
type Handlers map[string]Handler

// Method turns a typed function into a Handler: params decode into P (unknown members are ignored, numbers
// inside `any` values stay json.Number so they are passed on exactly); a params object P cannot take is
// answered -32602.
func Method[P any, R any](fn func(P) (R, error)) Handler {
	return func(raw json.RawMessage) (any, error) {
		var params P
		decoder := json.NewDecoder(bytes.NewReader(raw))
		decoder.UseNumber()
		if err := decoder.Decode(&params); err != nil {
			return nil, &invalidParams{cause: err}
		}
		return fn(params)
	}
}

// Serve runs the loop on stdin and stdout until `shutdown` or the end of stdin. From then on os.Stdout
// points at stderr, so a stray fmt.Println lands in the log (which the harness keeps) instead of breaking
// the reply stream; the standard logger writes to stderr as well.
func Serve(handlers Handlers) error {
	replies := os.Stdout
	os.Stdout = os.Stderr
	log.SetOutput(os.Stderr)
	return ServeIO(os.Stdin, replies, handlers)
}

// ServeIO runs the loop on any reader and writer: each reply is written with one Write call as soon as it
// is ready (no buffering between replies). It returns nil after answering `shutdown` or at the end of
// input, and the error when reading or writing fails.
func ServeIO(in io.Reader, out io.Writer, handlers Handlers) error {
	reader := bufio.NewReaderSize(in, 64*1024)
	for {
		line, readErr := reader.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 {
			reply, stop := answer(line, handlers)
			if err := writeReply(out, reply); err != nil {
				return fmt.Errorf("writing a reply: %w", err)
			}
			if stop {
				return nil
			}
		}
		if errors.Is(readErr, io.EOF) {
			return nil
		}
		if readErr != nil {
			return fmt.Errorf("reading a request: %w", readErr)
		}
	}
}

type request struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id"`
	Method  *string         `json:"method"`
	Params  json.RawMessage `json:"params"`
}

type reply struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id"`
	Result  json.RawMessage `json:"result,omitempty"`
	Error   *rpcError       `json:"error,omitempty"`
}

var (
	nullID      = json.RawMessage("null")
	emptyObject = json.RawMessage("{}")
)

// answer turns one request line into its reply; stop is true once `shutdown` has been answered.
func answer(line []byte, handlers Handlers) (reply, bool) {
	var req request
	if err := json.Unmarshal(line, &req); err != nil {
		return failed(nullID, CodeParseError, "not JSON: "+err.Error()), false
	}
	id := req.ID
	if !validID(id) {
		return failed(nullID, CodeInvalidRequest, "the request has no integer or string id"), false
	}
	if req.JSONRPC != "2.0" || req.Method == nil {
		return failed(id, CodeInvalidRequest, `not a JSON-RPC 2.0 request (needs "jsonrpc": "2.0" and a method)`), false
	}
	params := req.Params
	if len(params) == 0 || string(params) == "null" {
		params = emptyObject
	} else if params[0] != '{' {
		return failed(id, CodeInvalidRequest, "params must be an object"), false
	}
	method := *req.Method
	stop := method == "shutdown"
	handler, found := handlers[method]
	if !found {
		if stop {
			return succeeded(id, emptyObject), true
		}
		return failed(id, CodeMethodNotFound, "method not found: "+method), false
	}
	result, err := call(handler, method, params)
	if err != nil {
		rpc := errorFor(err)
		if rpc.Code != CodeMethodNotFound {
			log.Printf("%s failed: %s", method, rpc.Message)
		}
		return reply{JSONRPC: "2.0", ID: id, Error: rpc}, stop
	}
	encoded, err := encodeResult(result)
	if err != nil {
		return failed(id, CodeInternalError, fmt.Sprintf("%s: the result is not JSON: %s", method, err)), stop
	}
	return succeeded(id, encoded), stop
}

// call runs a handler, turning a panic into an internal error so one bad call does not end the session.
func call(handler Handler, method string, params json.RawMessage) (result any, err error) {
	defer func() {
		if recovered := recover(); recovered != nil {
			err = fmt.Errorf("%s handler panicked: %v", method, recovered)
		}
	}()
	return handler(params)
}

func encodeResult(result any) (json.RawMessage, error) {
	if result == nil {
		return emptyObject, nil
	}
	encoded, err := marshal(result)
	if err != nil {
		return nil, err
	}
	if string(encoded) == "null" {
		return emptyObject, nil
	}
	return encoded, nil
}

// marshal encodes without HTML escaping (replies are not HTML) and without the trailing newline.
func marshal(value any) ([]byte, error) {
	var buffer bytes.Buffer
	encoder := json.NewEncoder(&buffer)
	encoder.SetEscapeHTML(false)
	if err := encoder.Encode(value); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buffer.Bytes(), "\n"), nil
}

func writeReply(out io.Writer, r reply) error {
	encoded, err := marshal(r)
	if err != nil {
		return err
	}
	_, err = out.Write(append(encoded, '\n'))
	return err
}

func validID(id json.RawMessage) bool {
	if len(id) == 0 {
		return false
	}
	var value any
	if json.Unmarshal(id, &value) != nil {
		return false
	}
	switch v := value.(type) {
	case float64:
		return v == float64(int64(v))
	case string:
		return true
	}
	return false
}

func failed(id json.RawMessage, code int, message string) reply {
	return reply{JSONRPC: "2.0", ID: id, Error: &rpcError{Code: code, Message: message}}
}

func succeeded(id json.RawMessage, result json.RawMessage) reply {
	return reply{JSONRPC: "2.0", ID: id, Result: result}
}
