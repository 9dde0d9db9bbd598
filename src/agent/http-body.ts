/**
 * Reads the body of one HTTP request at the agent's endpoint as text, with `node:http` only (no framework
 * to load in every process that hosts an agent). What it reads and refuses:
 * - The text is UTF-8, whatever the Content-Type says: the DIDComm media types are JSON (`+json`, ENV-MT-005),
 *   JSON on the wire is UTF-8 and its media type defines no `charset` (RFC 8259 §8.1, §11: a `charset`
 *   parameter "has no effect on compliant recipients"), so a charset parameter is ignored, an unknown one
 *   included. A leading BOM is dropped and malformed bytes become U+FFFD (RFC 8259 §8.1 lets a parser ignore
 *   a BOM), as the decoding it replaces did.
 * - A Content-Encoding of gzip, deflate or br is decoded (HTTP allows a sender to compress; the limit counts
 *   decoded bytes, so a small compressed body cannot inflate past it); any other coding is refused with 415
 *   (RFC 9110 §15.5.16), a body that fails to decode with 400.
 * - Over `limit` bytes: refused with 413 at once (TRANS-010, LIM-002), from the declared Content-Length when
 *   there is one; nothing more is kept, the rest is read off and discarded so the peer, still sending, gets
 *   the answer and the connection stays usable.
 * - A request that ends early (aborted, reset): 400.
 * @module
 */
import type { IncomingMessage } from 'node:http';
import type { Transform } from 'node:stream';

export type BodyRead =
  | { kind: 'text'; text: string }
  | { kind: 'too-large' }
  | { kind: 'unreadable'; status: 400 | 415; reason: string };

/** The content codings decoded, as `node:zlib` names their decoders. */
const DECODERS = { gzip: 'createGunzip', deflate: 'createInflate', br: 'createBrotliDecompress' } as const;

/** Reads `request`'s body; never rejects. */
export async function readBody(request: IncomingMessage, limit: number): Promise<BodyRead> {
  const coding = (request.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (coding !== 'identity' && !(coding in DECODERS)) {
    return { kind: 'unreadable', status: 415, reason: `content coding "${coding}" is not supported` };
  }
  const declared = Number(request.headers['content-length']);
  if (coding === 'identity' && declared > limit) {
    request.resume();
    return { kind: 'too-large' };
  }
  // zlib is loaded only for the rare compressed body.
  const decoder = coding === 'identity' ? undefined : (await import('node:zlib'))[DECODERS[coding as keyof typeof DECODERS]]();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (outcome: BodyRead) => {
      if (settled) return;
      settled = true;
      if (decoder) {
        request.unpipe(decoder);
        decoder.destroy();
      }
      chunks.length = 0;
      // Whatever is still coming is read off and dropped (never kept).
      if (!request.complete) request.resume();
      resolve(outcome);
    };
    const source: IncomingMessage | Transform = decoder ?? request;
    source.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > limit) return settle({ kind: 'too-large' });
      chunks.push(chunk);
    });
    source.on('end', () => {
      if (settled) return;
      settled = true;
      resolve({ kind: 'text', text: new TextDecoder('utf-8').decode(Buffer.concat(chunks)) });
    });
    if (decoder) {
      decoder.on('error', (error) => settle({ kind: 'unreadable', status: 400, reason: `the ${coding} body does not decode: ${error.message}` }));
      request.pipe(decoder);
    }
    request.on('aborted', () => settle({ kind: 'unreadable', status: 400, reason: 'the request ended before its body' }));
    request.on('error', (error) => settle({ kind: 'unreadable', status: 400, reason: error.message }));
  });
}
