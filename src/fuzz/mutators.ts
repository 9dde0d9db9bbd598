/**
 * Structure-aware mutations of packed DIDComm messages for fuzzing the reference `unpack`: each mutator
 * changes one thing a hostile or broken sender could change, guided by what the message is made of.
 * @module
 */
import { encodeBase64url } from '../encoding/base64url.js';

/** A deterministic pseudo-random source (mulberry32), so every fuzz case replays from its seed. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

type Json = Record<string, unknown>;

/** Every path to a member of a JSON value, with the value found there (objects and arrays walked). */
function members(value: unknown, path: Array<string | number> = []): Array<{ path: Array<string | number>; value: unknown }> {
  const out: Array<{ path: Array<string | number>; value: unknown }> = [];
  if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      const next = [...path, Array.isArray(value) ? Number(key) : key];
      out.push({ path: next, value: child }, ...members(child, next));
    }
  }
  return out;
}

function setAt(root: Json, path: Array<string | number>, value: unknown): void {
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (value === undefined) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else node[last] = value;
}

const isB64 = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && /^[A-Za-z0-9_-]+$/.test(v);

/** Applies `change` to the decoded JSON of a base64url member (a JOSE header), re-encoding it. */
function editEncodedJson(value: string, change: (header: Json) => void): string | undefined {
  try {
    const header = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Json;
    change(header);
    return encodeBase64url(JSON.stringify(header));
  } catch {
    return undefined;
  }
}

const KID_POOL = ['did:example:bob#key-x25519-1', 'did:example:alice#key-1', 'did:example:mallory#key-1', '#key-1', 'did:example:bob', 'key-1', '', 'did:example:bob#key-x25519-1#x', 'did:example:alice#key-p256-1'];
const HEADER_VALUES: unknown[] = [null, 0, -1, 1e308, '', 'A'.repeat(5000), [], {}, true, 'ECDH-ES+A256KW', 'ECDH-1PU+A256KW', 'A256GCM', 'XC20P', 'EdDSA', 'none',
  'application/didcomm-plain+json', 'application/didcomm-signed+json', 'application/didcomm-encrypted+json'];

export interface Mutator {
  name: string;
  /** Returns the mutated text, or undefined when the mutator does not apply to this message. */
  apply(text: string, random: Random): string | undefined;
}

function onJson(name: string, change: (value: Json, random: Random) => boolean): Mutator {
  return {
    name,
    apply(text, random) {
      let value: Json;
      try {
        value = JSON.parse(text) as Json;
      } catch {
        return undefined;
      }
      return change(value, random) ? JSON.stringify(value) : undefined;
    },
  };
}

export const MUTATORS: readonly Mutator[] = [
  onJson('flip-bit', (value, random) => {
    const targets = members(value).filter((m) => isB64(m.value));
    if (targets.length === 0) return false;
    const target = pick(random, targets);
    const bytes = Buffer.from(target.value as string, 'base64url');
    if (bytes.length === 0) return false;
    bytes[Math.floor(random() * bytes.length)]! ^= 1 << Math.floor(random() * 8);
    setAt(value, target.path, encodeBase64url(bytes));
    return true;
  }),
  onJson('header-member', (value, random) => {
    const headers = members(value).filter((m) => m.path[m.path.length - 1] === 'protected' && isB64(m.value));
    if (headers.length === 0) return false;
    const target = pick(random, headers);
    const edited = editEncodedJson(target.value as string, (h) => {
      const key = pick(random, [...Object.keys(h), 'alg', 'enc', 'typ', 'kid', 'skid', 'apu', 'apv', 'epk', 'crit', 'b64']);
      const choice = random();
      if (choice < 0.25) delete h[key];
      else if (choice < 0.5 && (key === 'kid' || key === 'skid')) h[key] = pick(random, KID_POOL);
      else if (choice < 0.6 && key === 'apu') h[key] = encodeBase64url(pick(random, KID_POOL));
      else h[key] = pick(random, HEADER_VALUES);
    });
    if (!edited) return false;
    setAt(value, target.path, edited);
    return true;
  }),
  onJson('kid', (value, random) => {
    const kids = members(value).filter((m) => m.path[m.path.length - 1] === 'kid');
    if (kids.length === 0) return false;
    setAt(value, pick(random, kids).path, pick(random, [...KID_POOL, 7, null]));
    return true;
  }),
  onJson('swap-members', (value, random) => {
    const strings = members(value).filter((m) => typeof m.value === 'string');
    if (strings.length < 2) return false;
    const a = pick(random, strings);
    const b = pick(random, strings);
    setAt(value, a.path, b.value);
    setAt(value, b.path, a.value);
    return true;
  }),
  onJson('remove-member', (value, random) => {
    const all = members(value);
    if (all.length === 0) return false;
    setAt(value, pick(random, all).path, undefined);
    return true;
  }),
  onJson('wrong-type', (value, random) => {
    const all = members(value);
    if (all.length === 0) return false;
    setAt(value, pick(random, all).path, pick(random, [null, 0, 12345678901234567890123, -0.5, 'x', [], {}, true, [[]]]));
    return true;
  }),
  onJson('deep-nesting', (value, random) => {
    const all = members(value);
    if (all.length === 0) return false;
    let nested: unknown = structuredClone(pick(random, all).value);
    for (let i = 0; i < 10 + Math.floor(random() * 200); i++) nested = [nested];
    setAt(value, pick(random, all).path, nested);
    return true;
  }),
  onJson('oversized', (value, random) => {
    const strings = members(value).filter((m) => typeof m.value === 'string');
    if (strings.length === 0) return false;
    const target = pick(random, strings);
    const text = target.value as string;
    // Past the message-size limit, bigger proves nothing; capped so repeated steps stay within memory.
    const times = Math.min(2 + Math.floor(random() * 500), Math.floor(8_000_000 / Math.max(1, text.length)));
    if (times < 2) return false;
    setAt(value, target.path, text.repeat(times));
    return true;
  }),
  onJson('invalid-utf8-header', (value, random) => {
    const headers = members(value).filter((m) => m.path[m.path.length - 1] === 'protected' && isB64(m.value));
    if (headers.length === 0) return false;
    setAt(value, pick(random, headers).path, encodeBase64url(Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])));
    return true;
  }),
  onJson('bad-base64url', (value, random) => {
    const targets = members(value).filter((m) => isB64(m.value));
    if (targets.length === 0) return false;
    const target = pick(random, targets);
    const s = target.value as string;
    const at = Math.floor(random() * s.length);
    setAt(value, target.path, `${s.slice(0, at)}${pick(random, ['+', '/', '=', '%', ' ', '.', '\u00e9'])}${s.slice(at + 1)}`);
    return true;
  }),
  onJson('duplicate-recipient', (value, random) => {
    if (!Array.isArray(value.recipients) || value.recipients.length === 0) return false;
    value.recipients.push(structuredClone(pick(random, value.recipients)));
    return true;
  }),
  {
    name: 'truncate',
    apply: (text, random) => (text.length < 2 ? undefined : text.slice(0, Math.floor(random() * (text.length - 1)))),
  },
  {
    name: 'duplicate-key',
    // Two members of one name: JSON.parse keeps the last, other parsers the first (PITFALLS 2.2 A).
    apply: (text, random) => {
      const match = /^\{"([a-z_]+)":("[^"]*")/.exec(text);
      if (!match) return undefined;
      return `{"${match[1]}":${random() < 0.5 ? '"AAAA"' : match[2]},${text.slice(1)}`;
    },
  },
  {
    name: 'wrap-in-json-string',
    apply: (text) => JSON.stringify(text),
  },
];
