/**
 * Decoding a packed DIDComm message for display: which kind of envelope it is, its JOSE protected
 * headers and per-recipient headers decoded from base64url, and a JWS payload decoded (and parsed when it
 * is JSON). Ciphertext stays opaque. Never throws: text that is not an envelope is shown as it is.
 * @module
 */

/** One decoded layer of an envelope. */
export interface EnvelopeView {
  kind: 'jwe' | 'jws' | 'plaintext' | 'compact' | 'unknown';
  /** Decoded protected header(s): one for a JWE or a flattened JWS, one per signature for a general JWS. */
  protected: unknown[];
  /** Per-recipient header of a JWE (kid, epk...), or unprotected JWS headers. */
  headers: unknown[];
  /** The decoded JWS payload (JSON when it parses, else text). */
  payload?: unknown;
  /** A plaintext message as JSON. */
  message?: unknown;
  /** Why something could not be decoded. */
  notes: string[];
}

/** base64url text to UTF-8 text, or undefined when it is not base64url. */
export function base64urlText(text: string): string | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  return Buffer.from(text, 'base64url').toString('utf8');
}

function decodeJson(text: string | undefined, what: string, notes: string[]): unknown {
  if (text === undefined) {
    notes.push(`${what} is not base64url`);
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch {
    notes.push(`${what} is not JSON`);
    return text;
  }
}

/** Decodes `packed` (the wire text) for display. */
export function viewEnvelope(packed: string): EnvelopeView {
  const notes: string[] = [];
  const trimmed = packed.trim();
  if (/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]*){2,4}$/.test(trimmed)) {
    const [head] = trimmed.split('.');
    return { kind: 'compact', protected: [decodeJson(base64urlText(head!), 'the compact header', notes)], headers: [], notes: [...notes, 'compact serialization: DIDComm uses JSON serializations'] };
  }
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    return { kind: 'unknown', protected: [], headers: [], notes: ['not JSON'] };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { kind: 'unknown', protected: [], headers: [], notes: ['not a JSON object'] };
  const object = value as Record<string, unknown>;
  if ('ciphertext' in object) {
    const recipients = Array.isArray(object['recipients']) ? (object['recipients'] as Array<Record<string, unknown>>) : object['header'] ? [{ header: object['header'] }] : [];
    return {
      kind: 'jwe',
      protected: typeof object['protected'] === 'string' ? [decodeJson(base64urlText(object['protected']), 'protected', notes)] : [],
      headers: recipients.map((recipient) => recipient?.['header'] ?? recipient),
      notes,
    };
  }
  if ('payload' in object) {
    const signatures = Array.isArray(object['signatures']) ? (object['signatures'] as Array<Record<string, unknown>>) : [object];
    const payload = typeof object['payload'] === 'string' ? decodeJson(base64urlText(object['payload']), 'payload', notes) : undefined;
    return {
      kind: 'jws',
      protected: signatures.map((signature) => (typeof signature?.['protected'] === 'string' ? decodeJson(base64urlText(signature['protected']), 'protected', notes) : undefined)),
      headers: signatures.map((signature) => signature?.['header']).filter((header) => header !== undefined),
      payload,
      notes,
    };
  }
  return { kind: 'plaintext', protected: [], headers: [], message: object, notes };
}

/** Every packed message a transcript call carries: the `packed` it sent (unpack) or got back (pack). */
export function packedOf(method: string, params: unknown, reply: string | undefined): Array<{ direction: 'to adapter' | 'from adapter'; packed: string }> {
  const found: Array<{ direction: 'to adapter' | 'from adapter'; packed: string }> = [];
  const sent = (params as { packed?: unknown } | null)?.packed;
  if (typeof sent === 'string') found.push({ direction: 'to adapter', packed: sent });
  if (reply !== undefined && (method === 'pack' || method === 'received')) {
    try {
      const result = (JSON.parse(reply) as { result?: { packed?: unknown; messages?: Array<{ packed?: unknown }> } }).result;
      if (typeof result?.packed === 'string') found.push({ direction: 'from adapter', packed: result.packed });
      for (const message of result?.messages ?? []) if (typeof message.packed === 'string') found.push({ direction: 'from adapter', packed: message.packed });
    } catch {
      // A reply that is not JSON is shown raw by the transcript.
    }
  }
  return found;
}
