/**
 * Mutations of packed bytes that keep them well-formed: what a sender, a mediator or an attacker can change
 * without the keys (everything outside the protected headers and ciphertexts). Used with the existing
 * mutators (mutators.ts) by the agent fuzzer: recipient order and labels, header members moved or
 * duplicated across header layers (JOSE-001), the JWS signer's `kid`, JSON whitespace and member order,
 * Unicode and oversized values in unprotected members, the JWS serialization.
 * @module
 */
import { encodeBase64url } from '../encoding/base64url.js';
import type { Mutator, Random } from './mutators.js';
import { unicodeEdge } from './unicode-edges.js';

type Json = Record<string, unknown>;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

function parse(text: string): Json | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Json : undefined;
  } catch {
    return undefined;
  }
}

function decodeHeader(value: unknown): Json | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const header = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as unknown;
    return typeof header === 'object' && header !== null ? header as Json : undefined;
  } catch {
    return undefined;
  }
}

function onObject(name: string, change: (value: Json, random: Random) => boolean): Mutator {
  return {
    name,
    apply(text, random) {
      const value = parse(text);
      return value && change(value, random) ? JSON.stringify(value) : undefined;
    },
  };
}

const recipientsOf = (value: Json): Json[] | undefined =>
  Array.isArray(value['recipients']) && value['recipients'].every((r) => typeof r === 'object' && r !== null) ? value['recipients'] as Json[] : undefined;

/** The unprotected headers of a JWS (per signature, or the flattened one), created when absent. */
function signatureEntries(value: Json): Json[] {
  if (typeof value['payload'] !== 'string') return [];
  if (Array.isArray(value['signatures'])) return (value['signatures'] as unknown[]).filter((s): s is Json => typeof s === 'object' && s !== null);
  return typeof value['signature'] === 'string' ? [value] : [];
}

/** Well-formed key ids a sender or attacker might put in a recipient's or signer's `kid`. */
const RECIPIENT_KIDS = [
  'did:example:bob#key-x25519-1', 'did:example:bob#key-x25519-2', 'did:example:bob#key-x25519-3', 'did:example:bob#key-p256-1',
  'did:example:bob#key-p384-1', 'did:example:bob?service=x#key-x25519-1', 'did:example:BOB#key-x25519-1', 'did:example:bob#key%2Dx25519%2D1',
  '#key-x25519-1', 'did:example:b\u043eb#key-x25519-1', 'did:example:charlie#key-x25519-1', 'did:example:alice#key-x25519-1',
];
const SIGNER_KIDS = [
  'did:example:alice#key-1', 'did:example:alice#key-2', 'did:example:alice#key-3', 'did:example:alice#key-not-in-secrets-1',
  'did:example:alice#key-x25519-1', 'did:example:charlie#key-1', 'did:example:alice#key-1#key-1', '#key-1', 'did:example:ALICE#key-1',
];

export const WIRE_MUTATORS: readonly Mutator[] = [
  onObject('recipient-reorder', (value, random) => {
    const recipients = recipientsOf(value);
    if (!recipients || recipients.length < 2) return false;
    const shift = 1 + Math.floor(random() * (recipients.length - 1));
    value['recipients'] = [...recipients.slice(shift), ...recipients.slice(0, shift)];
    return true;
  }),
  onObject('recipient-kid', (value, random) => {
    const recipients = recipientsOf(value);
    const target = recipients && recipients.length > 0 ? pick(random, recipients) : undefined;
    if (!target || typeof target['header'] !== 'object' || target['header'] === null) return false;
    (target['header'] as Json)['kid'] = pick(random, RECIPIENT_KIDS);
    return true;
  }),
  onObject('header-across-layers', (value, random) => {
    // A protected member repeated in an unprotected header: same value (redundant) or another (JOSE-001).
    const entries = signatureEntries(value);
    const holder = entries.length > 0 ? pick(random, entries) : value;
    const header = decodeHeader(holder['protected']);
    if (!header || Object.keys(header).length === 0) return false;
    const member = pick(random, Object.keys(header));
    const same = random() < 0.5;
    const other = pick(random, ['ECDH-ES+A256KW', 'ECDH-1PU+A256KW', 'A256GCM', 'EdDSA', 'did:example:charlie#key-x25519-1', encodeBase64url('did:example:charlie#key-x25519-1')]);
    const copied = same ? header[member] : other;
    const recipients = recipientsOf(value);
    if (entries.length > 0 || !recipients || random() < 0.5) {
      const into = entries.length > 0 ? holder : value;
      const key = entries.length > 0 ? 'header' : 'unprotected';
      into[key] = { ...(typeof into[key] === 'object' && into[key] !== null ? into[key] as Json : {}), [member]: copied };
    } else {
      const target = pick(random, recipients);
      target['header'] = { ...(typeof target['header'] === 'object' && target['header'] !== null ? target['header'] as Json : {}), [member]: copied };
    }
    return true;
  }),
  onObject('signer-kid', (value, random) => {
    const entries = signatureEntries(value);
    if (entries.length === 0) return false;
    const entry = pick(random, entries);
    entry['header'] = { ...(typeof entry['header'] === 'object' && entry['header'] !== null ? entry['header'] as Json : {}), kid: pick(random, SIGNER_KIDS) };
    return true;
  }),
  onObject('extra-signature', (value, random) => {
    const entries = signatureEntries(value);
    if (!Array.isArray(value['signatures']) || entries.length === 0) return false;
    const copy = structuredClone(pick(random, entries));
    if (random() < 0.5) copy['header'] = { kid: pick(random, SIGNER_KIDS) };
    (value['signatures'] as Json[]).push(copy);
    return true;
  }),
  onObject('jws-serialization', (value) => {
    // General with one signature <-> flattened: the same JWS, both forms receivers MUST process (ENV-SIGN-004).
    if (Array.isArray(value['signatures']) && value['signatures'].length === 1) {
      const [entry] = value['signatures'] as Json[];
      delete value['signatures'];
      Object.assign(value, entry);
      return true;
    }
    if (typeof value['signature'] !== 'string' || typeof value['payload'] !== 'string') return false;
    const { payload, ...entry } = value;
    for (const key of Object.keys(value)) delete value[key];
    Object.assign(value, { payload, signatures: [entry] });
    return true;
  }),
  onObject('unprotected-unicode', (value, random) => {
    const recipients = recipientsOf(value);
    const holders = [...signatureEntries(value), ...(recipients ?? [])];
    if (holders.length === 0) return false;
    const holder = pick(random, holders);
    holder['header'] = { ...(typeof holder['header'] === 'object' && holder['header'] !== null ? holder['header'] as Json : {}), [random() < 0.3 ? unicodeEdge(random) : 'note']: unicodeEdge(random) };
    return true;
  }),
  onObject('unprotected-oversized', (value, random) => {
    const recipients = recipientsOf(value);
    const holders = [...signatureEntries(value), ...(recipients ?? [])];
    if (holders.length === 0) return false;
    const holder = pick(random, holders);
    holder['header'] = { ...(typeof holder['header'] === 'object' && holder['header'] !== null ? holder['header'] as Json : {}), note: 'n'.repeat(1 << (8 + Math.floor(random() * 11))) };
    return true;
  }),
  {
    name: 'json-whitespace',
    apply: (text, random) => {
      const value = parse(text);
      if (!value) return undefined;
      return pick(random, [JSON.stringify(value, null, 2), JSON.stringify(value, null, '\t').replace(/\n/g, '\r\n'), ` \n${text}\n `]);
    },
  },
  onObject('member-order', (value) => {
    const entries = Object.entries(value).reverse();
    if (entries.length < 2) return false;
    for (const [key] of entries) delete value[key];
    for (const [key, member] of entries) value[key] = member;
    return true;
  }),
];
