package adapterkit

import (
	"errors"
	"fmt"
)

// JSON-RPC 2.0 error codes the kit answers with (docs/adapter-protocol.md).
const (
	CodeParseError     = -32700 // the line is not JSON
	CodeInvalidRequest = -32600 // JSON, but not a JSON-RPC 2.0 request
	CodeMethodNotFound = -32601 // the harness reads this as "unsupported" and skips the case
	CodeInvalidParams  = -32602 // params do not decode into the handler's type
	CodeInternalError  = -32603 // any other failure: the harness records the case as errored
)

// Unsupported is what a handler returns when the library cannot do what was asked (a protocol it lacks, a
// transport it has no client for). The kit answers it with -32601, so the harness skips the case with Reason
// instead of failing it. A message the library rejects is not an error: return a "rejected" result.
type Unsupported struct {
	Reason string
}

func (u *Unsupported) Error() string { return u.Reason }

// NewUnsupported returns an *Unsupported whose reason is formatted like fmt.Sprintf.
func NewUnsupported(format string, args ...any) error {
	return &Unsupported{Reason: fmt.Sprintf(format, args...)}
}

// invalidParams marks a params object the handler's type could not take (-32602).
type invalidParams struct{ cause error }

func (e *invalidParams) Error() string { return "invalid params: " + e.cause.Error() }
func (e *invalidParams) Unwrap() error { return e.cause }

// rpcError is the error member of a reply.
type rpcError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

// errorFor maps a handler's error to its reply: Unsupported to -32601, bad params to -32602, anything else
// to -32603 with the error's text.
func errorFor(err error) *rpcError {
	var unsupported *Unsupported
	if errors.As(err, &unsupported) {
		return &rpcError{Code: CodeMethodNotFound, Message: unsupported.Reason}
	}
	var params *invalidParams
	if errors.As(err, &params) {
		return &rpcError{Code: CodeInvalidParams, Message: params.Error()}
	}
	return &rpcError{Code: CodeInternalError, Message: err.Error()}
}
