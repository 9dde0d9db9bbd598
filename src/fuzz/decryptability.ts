/**
 * Whether any key the agent holds decrypts a JWE the reference refused as undecryptable. The reference tries
 * the first recipient whose `kid` it holds; a receiver may try others, or try its keys whatever the labels
 * say, and then rightly accept. So a decryption failure is a "must reject" only when no held key on the
 * JWE's curve opens any recipient entry under any label: then the bytes were altered after encryption and
 * an agent that accepts them did not verify the tag over what it read (JOSE-002).
 * @module
 */
import { unpackMessage } from '../didcomm/envelope/unpack.js';
import type { JsonWebKey } from 'node:crypto';
import { curveOfJwk } from '../crypto/curves.js';
import { loadKeySet } from '../vectors/key-sets.js';

type Json = Record<string, unknown>;

function epkCurve(outer: Json): string | undefined {
  try {
    const header = JSON.parse(Buffer.from(String(outer['protected']), 'base64url').toString('utf8')) as { epk?: JsonWebKey };
    return header.epk ? curveOfJwk(header.epk) : undefined;
  } catch {
    return undefined;
  }
}

/** True when some held key, as some recipient entry of `text`'s outer JWE, lets the lenient reference open it. */
export async function someHeldKeyDecrypts(text: string): Promise<boolean> {
  let outer: Json;
  try {
    outer = JSON.parse(text) as Json;
  } catch {
    return false;
  }
  const recipients = Array.isArray(outer['recipients']) ? (outer['recipients'] as unknown[]).filter((r): r is Json => typeof r === 'object' && r !== null) : [];
  const keys = loadKeySet('sicpa');
  const curve = epkCurve(outer);
  const held = keys.secrets.kids().filter((kid) => curve === undefined || curveOfJwk(keys.secrets.find(kid)!.privateJwk) === curve);
  for (const recipient of recipients) {
    for (const kid of held) {
      const relabelled = JSON.stringify({ ...outer, recipients: [{ ...recipient, header: { ...(recipient['header'] as Json | undefined), kid } }] });
      try {
        await unpackMessage(relabelled, keys, { strict: false });
        return true;
      } catch {
        // this key, under this entry, does not open it
      }
    }
  }
  return false;
}
