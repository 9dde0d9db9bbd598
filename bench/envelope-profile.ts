/**
 * Where the reference's time per X25519 message goes (issue 17 item 5): the whole pack or unpack, the bound
 * (the key generation and ECDHs the envelope bench counts), the native floor (the node 20 calls one message
 * needs and nothing else, in sequence: the most any implementation on this runtime can reach is bound/floor),
 * and each step of the reference timed alone. All steps of a row are timed round-robin in short CPU-time
 * slices, so that load on a shared machine hits them alike; each figure is the median over the rounds.
 * Run with `node dist/bench/envelope-profile.js [--rounds N]` (CPU µs per message, anoncrypt A256CBC-HS512
 * and authcrypt, one recipient, ~1 KB body).
 * @module
 */
import {
  createCipheriv, createDecipheriv, createHmac, createPublicKey, diffieHellman, generateKeyPairSync, hash, randomBytes, type JsonWebKey, type KeyObject,
} from 'node:crypto';
import { aesKeyUnwrap, aesKeyWrap } from '../src/crypto/aes-kw.js';
import { concatKdf } from '../src/crypto/concat-kdf.js';
import { A256CBC_HS512 } from '../src/crypto/content/a256cbc-hs512.js';
import { generateEphemeralKey, importPublicJwk } from '../src/crypto/curves.js';
import { resolveKey } from '../src/did/document.js';
import { SecretStore } from '../src/did/secrets.js';
import { StaticDidResolver } from '../src/did/static-resolver.js';
import { decryptJwe } from '../src/didcomm/encrypted/decrypt.js';
import { encryptJwe } from '../src/didcomm/encrypted/encrypt.js';
import { parseJwe } from '../src/didcomm/encrypted/jwe.js';
import { resolveRecipientKeys, resolveSenderKey } from '../src/didcomm/encrypted/recipients.js';
import { detectEnvelope } from '../src/didcomm/envelope/detect.js';
import { unpackMessage } from '../src/didcomm/envelope/unpack.js';
import { checkJsonDepth } from '../src/didcomm/limits.js';
import { checkPlaintext } from '../src/didcomm/plaintext/plaintext.js';
import type { PlaintextMessage } from '../src/didcomm/types.js';
import { benchArgs, wholeNumber } from './support/args.js';
import { benchIdentities, RECIPIENT, recipientKids, SENDER } from './support/identities.js';
import { opsPerSecond } from './support/measure.js';
import { referencePeer, type Row } from './support/peers.js';

const USAGE = 'node dist/bench/envelope-profile.js [--rounds N]';
const { values } = benchArgs('envelope-profile', USAGE, { rounds: { type: 'string' } });
const ROUNDS = wholeNumber('envelope-profile', USAGE, 'rounds', values.rounds, 9);
const SLICE_MS = 40;
const KW_IV = Buffer.from('a6a6a6a6a6a6a6a6', 'hex');
/** generateKeyPairSync with only the public key encoded (as the reference generates ephemeral keys). */
const generateWithPublicJwk = generateKeyPairSync as unknown as (
  type: 'x25519', options: { publicKeyEncoding: { format: 'jwk' } },
) => { privateKey: KeyObject; publicKey: JsonWebKey };

/** CPU µs per call of `step` over about `SLICE_MS` of CPU time. */
async function slice(step: () => unknown): Promise<number> {
  return 1e6 / await opsPerSecond(step, SLICE_MS, 'cpu', 10);
}

/** Every step timed round-robin, `ROUNDS` times; the median per step. */
async function profile<K extends string>(steps: Record<K, () => unknown>): Promise<Record<K, number>> {
  const names = Object.keys(steps) as K[];
  const samples = new Map<K, number[]>(names.map((name) => [name, []]));
  for (const name of names) for (let i = 0; i < 300; i++) await steps[name]();
  for (let round = 0; round < ROUNDS; round++) for (const name of names) samples.get(name)!.push(await slice(steps[name]));
  return Object.fromEntries(names.map((name) => [name, [...samples.get(name)!].sort((a, b) => a - b)[Math.floor(ROUNDS / 2)]!])) as Record<K, number>;
}

const message: PlaintextMessage = {
  id: 'bench-0001', typ: 'application/didcomm-plain+json', type: 'https://didcomm.org/basicmessage/2.0/message',
  from: SENDER, to: [RECIPIENT], created_time: 1516269022, body: { content: 'x'.repeat(1000) },
};
const identities = benchIdentities();
const peer = referencePeer(identities);
const ctx = { resolver: new StaticDidResolver(identities.documents), secrets: new SecretStore(identities.secrets) };
const strictPlaintext = { strict: true, warnings: [], specVersion: '2.1' as const };
const f = (value: number): string => value.toFixed(1);
const share = (bound: number, time: number): string => `${Math.round((100 * bound) / time)}%`;

for (const mode of ['anoncrypt', 'authcrypt'] as const) {
  // The bound counts the ECDHs the algorithm defines (two for ECDH-1PU); a message computes one, since the static
  // term Zs is computed once per key pair (src/crypto/key-agreement.ts): the floor and the native steps count one.
  const ecdhs = mode === 'authcrypt' ? 2 : 1;
  const perMessage = 1;
  const row: Row = { label: mode, mode, curve: 'X25519', recipients: 1, ...(mode === 'anoncrypt' ? { enc: 'A256CBC-HS512' as const } : {}) };
  const to = recipientKids('X25519', 1);
  const recipients = await resolveRecipientKeys(to, 'X25519', ctx);
  const senderKid = `${SENDER}#x25519-1`;
  const sender = mode === 'authcrypt' ? await resolveSenderKey(senderKid, ['X25519'], ctx) : undefined;
  const payload = Buffer.from(JSON.stringify(message));
  const recipientKey = importPublicJwk(recipients.keys[0]!.publicJwk, 'recipient', 'KEYS-004');
  const ephemeral = generateEphemeralKey('X25519');
  const kek = randomBytes(32);
  const cek = randomBytes(64);
  const iv = randomBytes(16);
  const aad = randomBytes(400);
  const kdfInput = { z: randomBytes(32 * ecdhs), algorithm: 'ECDH-ES+A256KW', apu: Buffer.alloc(0), apv: randomBytes(32), keyBits: 256 };

  const pack = await profile({
    total: () => peer.pack(row, message),
    bound: () => {
      generateKeyPairSync('x25519');
      for (let i = 0; i < ecdhs; i++) diffieHellman({ privateKey: ephemeral.privateKey, publicKey: recipientKey });
    },
    floor: () => {
      const key = generateWithPublicJwk('x25519', { publicKeyEncoding: { format: 'jwk' } });
      const cipher = createCipheriv('aes-256-cbc', cek.subarray(32), iv);
      const ciphertext = Buffer.concat([cipher.update(payload), cipher.final()]);
      createHmac('sha512', cek.subarray(0, 32)).update(aad).update(iv).update(ciphertext).update(iv.subarray(0, 8)).digest();
      const z = Array.from({ length: perMessage }, () => diffieHellman({ privateKey: key.privateKey, publicKey: recipientKey }));
      const derived = hash('sha256', Buffer.concat([...z, aad.subarray(0, 90)]), 'buffer');
      return createCipheriv('id-aes256-wrap', derived, KW_IV).update(cek);
    },
    keygen: () => generateEphemeralKey('X25519'),
    ecdh: () => diffieHellman({ privateKey: ephemeral.privateKey, publicKey: recipientKey }),
    keyWrap: () => aesKeyWrap(kek, cek),
    seal: () => A256CBC_HS512.seal(cek, iv, payload, aad),
    kdf: () => concatKdf(kdfInput),
    encryptJwe: () => encryptJwe({
      payload, enc: 'A256CBC-HS512', curve: 'X25519', recipients: recipients.keys,
      ...(sender ? { sender: { kid: sender.kid, privateKey: sender.secret.privateKey } } : {}),
    }),
    recipientKeys: () => resolveRecipientKeys(to, 'X25519', ctx),
    senderKey: () => (mode === 'authcrypt' ? resolveSenderKey(senderKid, ['X25519'], ctx) : undefined),
    plaintext: () => {
      checkPlaintext(message, strictPlaintext);
      return Buffer.from(JSON.stringify(message));
    },
  });
  const packNative = pack.keygen + perMessage * pack.ecdh + pack.keyWrap + pack.seal + pack.kdf;
  const packScript = pack.encryptJwe - packNative + pack.recipientKeys + (mode === 'authcrypt' ? pack.senderKey : 0) + pack.plaintext;
  process.stdout.write(`${mode} pack: total ${f(pack.total)} µs, ${share(pack.bound, pack.total)} of the bound (${f(pack.bound)}); native floor ${f(pack.floor)} (${share(pack.bound, pack.floor)})\n`
    + `  native: keygen ${f(pack.keygen)}, ECDH ${perMessage} x ${f(pack.ecdh)}, AES-KW ${f(pack.keyWrap)}, AES-CBC + HMAC ${f(pack.seal)}, KDF ${f(pack.kdf)}\n`
    + `  JavaScript: JWE assembly ${f(pack.encryptJwe - packNative)}, recipient keys ${f(pack.recipientKeys)}${mode === 'authcrypt' ? `, sender key ${f(pack.senderKey)}` : ''}, plaintext checks and JSON ${f(pack.plaintext)}\n`
    + `  not attributed: ${f(pack.total - packNative - packScript)}\n`);

  const packed = await peer.pack(row, message);
  const { value } = detectEnvelope(packed);
  const jwe = parseJwe(value, true, []);
  const opened = await decryptJwe(jwe, ctx, true);
  const text = Buffer.from(opened.payload).toString('utf8');
  const secret = ctx.secrets.find(jwe.recipients[0]!.kid)!;
  const epk = importPublicJwk(jwe.header.epk, 'the "epk"', 'ENC-JWE-011', false);
  const protectedAad = Buffer.from(jwe.protectedB64, 'ascii');
  const wrapped = aesKeyWrap(kek, cek);
  const sealed = A256CBC_HS512.seal(cek, jwe.iv, opened.payload, protectedAad);
  const unpack = await profile({
    total: () => unpackMessage(packed, ctx),
    bound: () => {
      for (let i = 0; i < ecdhs; i++) diffieHellman({ privateKey: secret.privateKey, publicKey: epk });
    },
    floor: () => {
      const key = createPublicKey({ key: jwe.header.epk as JsonWebKey, format: 'jwk' });
      const z = Array.from({ length: perMessage }, () => diffieHellman({ privateKey: secret.privateKey, publicKey: key }));
      hash('sha256', Buffer.concat([...z, protectedAad.subarray(0, 90)]), 'buffer');
      createDecipheriv('id-aes256-wrap', kek, KW_IV).update(wrapped);
      createHmac('sha512', cek.subarray(0, 32)).update(protectedAad).update(jwe.iv).update(sealed.ciphertext).update(jwe.iv.subarray(0, 8)).digest();
      const decipher = createDecipheriv('aes-256-cbc', cek.subarray(32), jwe.iv);
      return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]);
    },
    ecdh: () => diffieHellman({ privateKey: secret.privateKey, publicKey: epk }),
    epkImport: () => importPublicJwk(jwe.header.epk, 'the "epk"', 'ENC-JWE-011', false),
    keyUnwrap: () => aesKeyUnwrap(kek, wrapped),
    open: () => A256CBC_HS512.open(cek, jwe.iv, sealed.ciphertext, sealed.tag, protectedAad),
    kdf: () => concatKdf(kdfInput),
    decryptJwe: () => decryptJwe(jwe, ctx, true),
    parse: () => {
      checkJsonDepth(packed, 64);
      return parseJwe(detectEnvelope(packed).value, true, []);
    },
    senderKey: () => (mode === 'authcrypt' ? resolveKey(ctx.resolver, senderKid, 'keyAgreement') : undefined),
    plaintext: () => {
      checkJsonDepth(text, 64);
      return checkPlaintext(detectEnvelope(text).value, strictPlaintext);
    },
  });
  const unpackNative = perMessage * unpack.ecdh + unpack.epkImport + unpack.keyUnwrap + unpack.open + unpack.kdf;
  const unpackScript = unpack.decryptJwe - unpackNative + unpack.parse + unpack.plaintext;
  process.stdout.write(`${mode} unpack: total ${f(unpack.total)} µs, ${share(unpack.bound, unpack.total)} of the bound (${f(unpack.bound)}); native floor ${f(unpack.floor)} (${share(unpack.bound, unpack.floor)})\n`
    + `  native: ECDH ${perMessage} x ${f(unpack.ecdh)}, epk import ${f(unpack.epkImport)}, AES-KW ${f(unpack.keyUnwrap)}, HMAC + AES-CBC ${f(unpack.open)}, KDF ${f(unpack.kdf)}\n`
    + `  JavaScript: decryption glue ${f(unpack.decryptJwe - unpackNative)}${mode === 'authcrypt' ? ` (sender key ${f(unpack.senderKey)} of it)` : ''}, JWE parse ${f(unpack.parse)}, plaintext JSON and checks ${f(unpack.plaintext)}\n`
    + `  not attributed: ${f(unpack.total - unpackNative - unpackScript)}\n`);
}
