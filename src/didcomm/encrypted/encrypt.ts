/**
 * Producing DIDComm JWEs: anoncrypt (ECDH-ES+A256KW, ENC-ANON-*) and authcrypt (ECDH-1PU+A256KW,
 * ENC-AUTH-*), for one or more keys of one recipient DID, in General JSON serialization.
 * @module
 */
import type { KeyObject } from 'node:crypto';
import { CONTENT_ENCRYPTION } from '../../crypto/algorithms.js';
import { aesKeyWrap } from '../../crypto/aes-kw.js';
import { generateEphemeralKey, importPublicJwk } from '../../crypto/curves.js';
import { senderKek, type KdfQuirk } from '../../crypto/key-agreement.js';
import { decodeBase64url } from '../../encoding/base64url.js';
import { randomBytes } from '../../crypto/random.js';
import type { ResolvedKey } from '../../did/document.js';
import { encodeBase64url } from '../../encoding/base64url.js';
import { MEDIA_TYPES } from '../../spec/media-types.js';
import type { ContentEncryption, KeyAgreementCurve } from '../types.js';
import { computeApv } from './jwe.js';

export interface JweSender {
  kid: string;
  privateKey: KeyObject;
}

export interface EncryptJweInput {
  payload: Uint8Array;
  enc: ContentEncryption;
  curve: KeyAgreementCurve;
  recipients: ResolvedKey[];
  /** Present for authcrypt (ECDH-1PU+A256KW), absent for anoncrypt (ECDH-ES+A256KW). */
  sender?: JweSender;
  /** Deliberate deviations, only for building negative vectors: header members to set (undefined removes). */
  tweak?: { header?: Record<string, unknown>; kdf?: KdfQuirk };
}

/** Encrypts `payload` for every recipient key; returns the JWE as JSON text. */
export function encryptJwe(input: EncryptJweInput): string {
  const alg = input.sender ? 'ECDH-1PU+A256KW' : 'ECDH-ES+A256KW';
  const cipher = CONTENT_ENCRYPTION[input.enc];
  const kids = input.recipients.map((r) => r.kid);
  const recipientKeys = input.recipients.map((r) => importPublicJwk(r.publicJwk, () => `recipient key ${r.kid}`, 'KEYS-004'));
  const ephemeral = generateEphemeralKey(input.curve);
  const apv = computeApv(kids);
  const header: Record<string, unknown> = { typ: MEDIA_TYPES.encrypted, alg, enc: input.enc };
  if (input.sender) {
    header.skid = input.sender.kid;
    header.apu = encodeBase64url(input.sender.kid); // ENC-AUTH-004
  }
  header.apv = apv;
  header.epk = ephemeral.publicJwk;
  for (const [member, value] of Object.entries(input.tweak?.header ?? {})) {
    if (value === undefined) delete header[member];
    else header[member] = value;
  }
  const protectedB64 = encodeBase64url(JSON.stringify(header));
  const cek = randomBytes(cipher.keyLength);
  const iv = randomBytes(cipher.ivLength);
  // Content first: for ECDH-1PU its tag is an input of the key derivation (ENC-AUTH-003).
  const { ciphertext, tag } = cipher.seal(cek, iv, input.payload, Buffer.from(protectedB64, 'ascii'));
  // The KDF reads apu/apv from the header as sent, so a tweaked header stays self-consistent.
  const kekInput = {
    alg,
    apu: typeof header.apu === 'string' ? decodeBase64url(header.apu, 'apu', { lenient: true }) : Buffer.alloc(0),
    apv: typeof header.apv === 'string' ? decodeBase64url(header.apv, 'apv', { lenient: true }) : Buffer.alloc(0),
    tag,
    ...(input.tweak?.kdf ? { quirk: input.tweak.kdf } : {}),
  } as const;
  const recipients = input.recipients.map((recipient, i) => {
    const encryptedKey = encodeBase64url(aesKeyWrap(senderKek(kekInput, ephemeral.privateKey, recipientKeys[i]!, input.sender?.privateKey), cek));
    return `{"header":{"kid":${JSON.stringify(recipient.kid)}},"encrypted_key":"${encryptedKey}"}`;
  });
  // The same text JSON.stringify gives for these members: base64url never needs escaping, so the ~1.5 KB
  // ciphertext is not scanned for characters to escape.
  return `{"protected":"${protectedB64}","recipients":[${recipients.join(',')}],"iv":"${encodeBase64url(iv)}",`
    + `"ciphertext":"${encodeBase64url(ciphertext)}","tag":"${encodeBase64url(tag)}"}`;
}
