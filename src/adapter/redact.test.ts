/**
 * What redact.ts hides and what it leaves alone (issue 14, item 7): private JWK members in JSON, escaped JSON,
 * JS object literals and logs; privateKey*-named members; PEM blocks; every value importIdentity handed over,
 * in each printed form; and a log stream whose key arrives in pieces. Ordinary text comes back unchanged.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, test } from 'vitest';
import { onWire, recordWire } from '../agent/wire-log.js';
import { encodeBase58 } from '../did/multikey.js';
import { LogRedactor, REDACTED, redactParsed, redactText, redactValue, rememberCredential, rememberHandedSecrets } from './redact.js';
import { clipRedacted, TRANSCRIPT_REPLY_MAX_CHARS, type WireEntry } from './transcript.js';

const x25519 = generateKeyPairSync('x25519').privateKey.export({ format: 'jwk' }) as Record<string, string>;
const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'jwk' }) as Record<string, string>;
const pem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
const RSA_PRIVATE = ['d', 'p', 'q', 'dp', 'dq', 'qi'];

describe('private JWK members', () => {
  test('JSON, JSON inside a JSON string (twice), a JS literal, pretty-printed: only the private values go', () => {
    const line = JSON.stringify(x25519);
    const once = JSON.stringify({ note: `key ${line}` });
    const twice = JSON.stringify({ packed: once });
    const literal = `{ kty: 'OKP', crv: 'X25519', x: '${x25519['x']}', d: '${x25519['d']}' }`;
    for (const text of [line, once, twice, literal, JSON.stringify(rsa, null, 2)]) {
      for (const kind of ['json', 'free'] as const) {
        const shown = redactText(text, kind);
        expect(shown).not.toContain(x25519['d']);
        for (const member of RSA_PRIVATE) expect(shown).not.toContain(rsa[member]);
        expect(shown).toContain(REDACTED);
      }
    }
    expect(redactText(line, 'json')).toBe(line.replace(x25519['d']!, REDACTED));
    // The public parts stay, and escaped JSON stays JSON.
    expect(JSON.parse(JSON.parse(redactText(twice, 'json')).packed).note).toBe(`key ${line.replace(x25519['d']!, REDACTED)}`);
    expect(redactText(JSON.stringify(rsa), 'json')).toContain(rsa['n']);
  });

  test('JSON needs kty around a member; free text (a log) does not; short values are not keys', () => {
    const notJwk = JSON.stringify({ id: '1234567890abcdefghij', d: '1234567890abcdefghij', p: 'x' });
    expect(redactText(notJwk, 'json')).toBe(notJwk);
    expect(redactText(notJwk, 'free')).toBe(notJwk.replace(/"d":"[^"]+"/, `"d":"${REDACTED}"`));
    expect(redactText('d=1234567890abcdefghij and q: short', 'free')).toBe(`d=${REDACTED} and q: short`);
  });

  test('parsed values: members of any object with kty, whatever their type; privateKeyJwk as a JWK', () => {
    const value = { a: { kty: 'oct', k: 'x', oth: [{ r: '1' }] }, privateKeyJwk: { d: 'y', x: 'z' }, list: [{ kty: 'EC', d: 'w', x: 'v' }] };
    expect(redactValue(value)).toEqual({ a: { kty: 'oct', k: REDACTED, oth: REDACTED }, privateKeyJwk: { d: REDACTED, x: 'z' }, list: [{ kty: 'EC', d: REDACTED, x: 'v' }] });
  });
});

describe('members named as private keys, PEM blocks', () => {
  test('privateKey*, secretKey*, private_key in text and JSON, strings and byte lists', () => {
    const text = 'privateKeyHex: "abcd0123" privateKeyMultibase=z3u2abc privateKey: Uint8Array(4) [ 1, 2, 3, 4 ] secret_key=[1,2] publicKeyHex: "ef"';
    expect(redactText(text, 'free')).toBe(`privateKeyHex: "${REDACTED}" privateKeyMultibase=${REDACTED} privateKey: ${REDACTED} secret_key=${REDACTED} publicKeyHex: "ef"`);
    const json = JSON.stringify({ privateKeyBase58: 'abc', privateKey: [1, 2, 3], secretKey: 7, publicKeyBase58: 'def' });
    const shown = redactText(json, 'json');
    // Unquoted JSON values become strings, so the text stays JSON.
    expect(JSON.parse(shown)).toEqual({ privateKeyBase58: REDACTED, privateKey: REDACTED, secretKey: REDACTED, publicKeyBase58: 'def' });
    expect(redactValue(JSON.parse(json))).toEqual(JSON.parse(shown));
  });

  test('a PEM private key keeps its BEGIN/END lines only; in JSON an unterminated one stops at its string', () => {
    const body = pem.split('\n')[1]!;
    expect(redactText(`log ${pem} after`, 'free')).toBe(`log -----BEGIN PRIVATE KEY-----${REDACTED}-----END PRIVATE KEY-----\n after`);
    const cut = JSON.stringify({ a: pem.slice(0, 60), b: 'kept' });
    expect(cut).toContain(body.slice(0, 20));
    expect(JSON.parse(redactText(cut, 'json'))).toEqual({ a: `-----BEGIN PRIVATE KEY-----${REDACTED}`, b: 'kept' });
    expect(redactText(pem.replace('PRIVATE', 'PUBLIC').replaceAll('PRIVATE', 'PUBLIC'), 'free')).toContain(body);
  });
});

describe('values the harness handed over', () => {
  const handed = { kid: 'did:example:a#1', ...(generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' }) as Record<string, string>) };
  const bytes = Buffer.from(handed['d']!, 'base64url');
  rememberHandedSecrets([handed, { kid: 'did:example:a#2', kty: 'OKP', d: 'SHORT' }]);

  test.each([
    ['base64url', handed['d']!],
    ['base64', bytes.toString('base64')],
    ['hex', bytes.toString('hex')],
    ['HEX', bytes.toString('hex').toUpperCase()],
    ['base58', encodeBase58(bytes)],
    ['a NaCl secret key (seed then public key) in base64', Buffer.concat([bytes, Buffer.from(handed['x']!, 'base64url')]).toString('base64')],
  ])('%s, bare in a line, glued to a prefix, or inside JSON, is replaced whole', (_form, printed) => {
    for (const text of [`imported ${printed} ok`, `key:${printed}`, `path/to/${printed}`, JSON.stringify({ list: [printed] }), `"\\n${printed}"`]) {
      const shown = redactText(text, 'free');
      expect(shown, text).toContain(REDACTED);
      expect(shown).not.toContain(printed.slice(0, 16));
      expect(redactText(text, 'json')).toBe(shown);
    }
    expect(redactText(`imported ${printed} ok`, 'free')).toBe(`imported ${REDACTED} ok`);
    expect(redactText(`"\\n${printed}"`, 'json')).toBe(`"\\n${REDACTED}"`);
  });

  test('found at any offset of a long text, every occurrence; too-short values are not remembered', () => {
    const filler = randomBytes(3000).toString('base64url');
    for (let offset = 0; offset < 9; offset += 1) {
      const text = `${'.'.repeat(offset)}${filler} ${handed['d']} ${filler} ${handed['d']}`;
      const shown = redactText(text, 'free');
      expect(shown).not.toContain(handed['d']);
      expect(shown.split(REDACTED)).toHaveLength(3);
      expect(shown.startsWith(`${'.'.repeat(offset)}${filler} `)).toBe(true);
    }
    expect(redactText('a SHORT word', 'free')).toBe('a SHORT word');
  });

  test('in parsed values: strings, and member names', () => {
    expect(redactValue({ [handed['d']!]: `x ${handed['d']}` })).toEqual({ [REDACTED]: `x ${REDACTED}` });
  });
});

describe('ordinary text', () => {
  test('replies without secrets come back as the same string and the same object', () => {
    const jwe = JSON.stringify({ protected: randomBytes(200).toString('base64url'), recipients: [{ header: { kid: 'did:example:bob#key-p256-1' }, encrypted_key: randomBytes(40).toString('base64url') }], iv: 'aXY', ciphertext: randomBytes(2000).toString('base64url'), tag: 'dGFn' });
    const reply = JSON.stringify({ jsonrpc: '2.0', id: 1, result: { status: 'packed', packed: jwe, note: 'the d: of did:example and p=1, q: 2 k:3' } });
    expect(redactText(reply, 'json')).toBe(reply);
    const parsed = JSON.parse(reply) as unknown;
    expect(redactParsed(parsed, reply, redactText(reply, 'json'))).toBe(parsed);
    const doc = JSON.stringify({ id: 'did:example:alice', verificationMethod: [{ id: 'did:example:alice#key-1', publicKeyJwk: { kty: 'OKP', crv: 'X25519', x: x25519['x'] } }] });
    expect(redactText(doc, 'json')).toBe(doc);
    expect(redactValue(JSON.parse(doc))).toEqual(JSON.parse(doc));
  });
});

describe('LogRedactor', () => {
  test('a key split across chunks is redacted whole: the partial line waits for its end', () => {
    const log = new LogRedactor();
    const line = `loaded ${JSON.stringify(x25519)} done\n`;
    const cut = line.indexOf(x25519['d']!) + 10;
    expect(log.push(line.slice(0, cut))).toBe('');
    expect(log.push(`${line.slice(cut)}next `)).toBe(line.replace(x25519['d']!, REDACTED));
    expect(log.end()).toBe('next ');
  });

  test('a PEM block over several chunks, and the log goes on after it', () => {
    const log = new LogRedactor();
    const lines = pem.split('\n');
    const shown = [log.push(`before\n${lines[0]}\n`), ...lines.slice(1).map((l) => log.push(`${l}\n`)), log.push(`after ${inspect({ kty: 'oct', k: randomBytes(16).toString('base64url') })}\n`), log.end()].join('');
    for (const body of lines.slice(1, -2)) expect(shown).not.toContain(body);
    expect(shown).toContain('before\n-----BEGIN PRIVATE KEY-----');
    expect(shown).toContain('-----END PRIVATE KEY-----');
    expect(shown).toContain(`after { kty: 'oct', k: '${REDACTED}' }`);
  });

  test('a line longer than 64 KiB without a newline is redacted as it stands, cut after a member', () => {
    const log = new LogRedactor();
    const long = `${JSON.stringify(x25519)},${'x'.repeat(70 * 1024)}`;
    const shown = log.push(long);
    expect(shown).toBe(`${JSON.stringify(x25519).replace(x25519['d']!, REDACTED)},`);
    expect(log.end()).toBe('x'.repeat(70 * 1024));
  });
});

describe('transcript text and wire messages', () => {
  test('clipRedacted redacts a key that straddles the cut, and counts what it cut', () => {
    const line = JSON.stringify(x25519);
    const text = `${'x'.repeat(TRANSCRIPT_REPLY_MAX_CHARS - 30)}${line}${'y'.repeat(1000)}`;
    const shown = clipRedacted(text);
    expect(shown).not.toContain(x25519['d']!.slice(0, 8));
    expect(shown.endsWith(`…[${text.length - TRANSCRIPT_REPLY_MAX_CHARS} more characters cut]`)).toBe(true);
  });

  test('a message on the wire is kept redacted: its bytes and the plaintext read from it', () => {
    const seen: WireEntry[] = [];
    const stop = onWire((entry) => seen.push(entry));
    const plaintext = { id: '1', type: 't', body: { key: x25519 } };
    recordWire({ direction: 'in', transport: 'http', endpoint: 'http://127.0.0.1:1/', packed: JSON.stringify(plaintext), plaintext });
    stop();
    expect(JSON.stringify(seen)).not.toContain(x25519['d']);
    expect(seen[0]).toMatchObject({ packed: JSON.stringify(plaintext).replace(x25519['d']!, REDACTED), plaintext: { body: { key: { d: REDACTED, x: x25519['x'] } } } });
  });
});

describe('credentials sent to an HTTP adapter (its extra headers)', () => {
  test('the whole value and its token-length words go, in text and parsed JSON; short words stay', () => {
    const token = randomBytes(24).toString('base64url');
    rememberCredential(`Bearer ${token}`);
    expect(redactText(`auth failed for "Bearer ${token}"`, 'free')).toBe(`auth failed for "${REDACTED}"`);
    expect(redactText(`token=${token}; Bearer scheme ok`, 'free')).toBe(`token=${REDACTED}; Bearer scheme ok`);
    const text = JSON.stringify({ error: { message: `bad ${token}` } });
    expect(redactParsed(JSON.parse(text) as unknown, text, redactText(text, 'json'))).toEqual({ error: { message: `bad ${REDACTED}` } });
  });
});
