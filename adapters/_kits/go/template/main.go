// A plaintext-only DIDComm adapter for didcomm-conformance, written by `adapter init --lang go`.
// The stand-in below packs and unpacks plaintext itself; replace it with calls to your library, and claim
// in describe only what your library really does (docs/adapter-protocol.md, "Capabilities").
package main

import (
	"encoding/json"
	"errors"
	"log"
	"os"
	"sync"

	"didcomm-conformance.dev/adapterkit"
)

const plaintextMediaType = "application/didcomm-plain+json"

// documents holds the DID documents the harness registered (registerDidDocument, importIdentity).
type documents struct {
	mu   sync.Mutex
	byID map[string]json.RawMessage
}

func (d *documents) reset() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.byID = map[string]json.RawMessage{}
}

func (d *documents) put(id string, document json.RawMessage) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.byID[id] = document
}

type didDocument struct {
	ID string `json:"id"`
}

type registerParams struct {
	DidDocument json.RawMessage `json:"didDocument"`
}

type packParams struct {
	Message  map[string]json.RawMessage `json:"message"`
	Envelope string                     `json:"envelope"`
}

type unpackParams struct {
	Packed string `json:"packed"`
}

func describe(json.RawMessage) (any, error) {
	return map[string]any{
		"protocolVersion": 1,
		"implementation":  map[string]any{"name": "{{name}}", "version": "0.1.0", "language": "Go"},
		"capabilities": map[string]any{
			"envelopes":  []string{"plaintext"},
			"algorithms": map[string]any{},
			"didMethods": []string{"example"},
			"protocols":  []string{},
			"transports": []string{},
			"roles":      []string{"sender", "receiver"},
		},
	}, nil
}

func rejected(code, message, requirement string) map[string]any {
	failure := map[string]any{"code": code, "message": message}
	if requirement != "" {
		failure["requirement"] = requirement // the DIGEST.md ID of the rule enforced
	}
	return map[string]any{"status": "rejected", "error": failure}
}

// pack writes the plaintext envelope: the message with the plaintext media type as typ.
func pack(p packParams) (map[string]any, error) {
	if p.Envelope != "plaintext" {
		return rejected("unsupported-envelope", "this adapter packs plaintext only, not "+p.Envelope, ""), nil
	}
	if _, has := p.Message["typ"]; !has {
		p.Message["typ"] = json.RawMessage(`"` + plaintextMediaType + `"`)
	}
	packed, err := json.Marshal(p.Message)
	if err != nil {
		return nil, err
	}
	return map[string]any{"status": "packed", "packed": string(packed), "mediaType": plaintextMediaType}, nil
}

// unpack returns the plaintext exactly as received (every header, unknown ones too).
func unpack(p unpackParams) (map[string]any, error) {
	var message map[string]json.RawMessage
	if err := json.Unmarshal([]byte(p.Packed), &message); err != nil {
		return rejected("not-json", "not a JSON object: "+err.Error(), ""), nil
	}
	var id, kind string
	if json.Unmarshal(message["id"], &id) != nil || json.Unmarshal(message["type"], &kind) != nil || id == "" || kind == "" {
		return rejected("bad-plaintext", "id and type must be strings", "ENV-PLAIN-005"), nil
	}
	return map[string]any{
		"status":  "accepted",
		"message": json.RawMessage(p.Packed),
		"metadata": map[string]any{
			"encrypted": false, "authenticated": false, "nonRepudiation": false, "anonymousSender": true,
		},
	}, nil
}

func main() {
	known := &documents{}
	known.reset()
	register := func(p registerParams) (any, error) {
		var document didDocument
		if err := json.Unmarshal(p.DidDocument, &document); err != nil || document.ID == "" {
			return nil, errors.New("the DID document has no id")
		}
		known.put(document.ID, p.DidDocument)
		return map[string]any{"did": document.ID}, nil
	}
	handlers := adapterkit.Handlers{
		"describe": describe,
		"reset":    func(json.RawMessage) (any, error) { known.reset(); return nil, nil },
		"registerDidDocument": adapterkit.Method(func(p registerParams) (any, error) {
			_, err := register(p)
			return nil, err
		}),
		// The stand-in keeps no private keys: a plaintext-only agent needs none.
		"importIdentity": adapterkit.Method(register),
		"pack":           adapterkit.Method(pack),
		"unpack":         adapterkit.Method(unpack),
	}
	// The optional benchmark: pack then unpack N messages through the pack and unpack above, in this process.
	if err := adapterkit.Serve(adapterkit.WithBenchmark(handlers)); err != nil {
		log.Print(err)
		os.Exit(1)
	}
}
