/**
 * The valid messages the agent fuzzer starts from when it needs to re-pack: every stack the spec allows
 * (ENV-NEST-001) over the SICPA parties, addressed to Bob (the agent holds every party of the key set, as
 * in the vector cases), on each required curve and content encryption, both JWS forms and `kid` places.
 * @module
 */
import type { ContentEncryption, KeyAgreementCurve, PlaintextMessage } from '../didcomm/types.js';
import type { CryptLayer, Recipe, SignLayer } from './recipe.js';

export const ALICE = 'did:example:alice';
export const BOB = 'did:example:bob';
export const CHARLIE = 'did:example:charlie';

/** Bob's keyAgreement keys per curve (SICPA's document lists several per curve). */
export const BOB_KEYS: Record<KeyAgreementCurve, string[]> = {
  'X25519': [`${BOB}#key-x25519-1`, `${BOB}#key-x25519-2`, `${BOB}#key-x25519-3`],
  'P-256': [`${BOB}#key-p256-1`, `${BOB}#key-p256-2`],
  'P-384': [`${BOB}#key-p384-1`, `${BOB}#key-p384-2`],
  'P-521': [`${BOB}#key-p521-1`, `${BOB}#key-p521-2`],
};

/** Alice's keyAgreement key per curve (she has none on P-384; Charlie only X25519). */
export const ALICE_KEYS: Partial<Record<KeyAgreementCurve, string>> = {
  'X25519': `${ALICE}#key-x25519-1`,
  'P-256': `${ALICE}#key-p256-1`,
  'P-521': `${ALICE}#key-p521-1`,
};

/** Alice's signing keys: Ed25519, P-256, secp256k1. */
export const ALICE_SIGNING = { EdDSA: `${ALICE}#key-1`, ES256: `${ALICE}#key-2`, ES256K: `${ALICE}#key-3` } as const;

/** The plaintext every recipe carries unless a mutation changes it. */
export function baseMessage(from: string | undefined = ALICE): PlaintextMessage {
  return {
    id: '6b1a2c3d4e5f40718293a4b5c6d7e8f9',
    typ: 'application/didcomm-plain+json',
    type: 'https://didcomm.org/basicmessage/2.0/message',
    ...(from ? { from } : {}),
    to: [BOB],
    created_time: 1_700_000_000,
    body: { content: 'fuzz base message' },
  };
}

export function anoncrypt(curve: KeyAgreementCurve, enc: ContentEncryption = 'A256CBC-HS512'): CryptLayer {
  return { kind: 'anoncrypt', to: BOB_KEYS[curve].map((kid) => ({ kid })), curve, enc };
}

export function authcrypt(curve: KeyAgreementCurve): CryptLayer {
  return { kind: 'authcrypt', to: BOB_KEYS[curve].map((kid) => ({ kid })), curve, enc: 'A256CBC-HS512', from: ALICE_KEYS[curve]! };
}

export function signed(alg: keyof typeof ALICE_SIGNING, serialization: SignLayer['serialization'] = 'general', kidIn: SignLayer['kidIn'] = 'unprotected'): SignLayer {
  return { kind: 'sign', kid: ALICE_SIGNING[alg], serialization, kidIn };
}

/** Every base recipe, by id. */
export const RECIPES: Readonly<Record<string, Recipe>> = {
  'recipe/authcrypt-x25519': { message: baseMessage(), layers: [authcrypt('X25519')] },
  'recipe/authcrypt-p-256': { message: baseMessage(), layers: [authcrypt('P-256')] },
  'recipe/anoncrypt-x25519-a256cbc-hs512': { message: baseMessage(), layers: [anoncrypt('X25519')] },
  'recipe/anoncrypt-x25519-a256gcm': { message: baseMessage(), layers: [anoncrypt('X25519', 'A256GCM')] },
  'recipe/anoncrypt-x25519-xc20p': { message: baseMessage(), layers: [anoncrypt('X25519', 'XC20P')] },
  'recipe/anoncrypt-p-256-a256cbc-hs512': { message: baseMessage(), layers: [anoncrypt('P-256')] },
  'recipe/anoncrypt-p-384-a256cbc-hs512': { message: baseMessage(), layers: [anoncrypt('P-384')] },
  'recipe/signed-eddsa-general': { message: baseMessage(), layers: [signed('EdDSA')] },
  'recipe/signed-eddsa-flattened-kid-protected': { message: baseMessage(), layers: [signed('EdDSA', 'flattened', 'protected')] },
  'recipe/signed-es256-general': { message: baseMessage(), layers: [signed('ES256')] },
  'recipe/signed-es256k-general': { message: baseMessage(), layers: [signed('ES256K')] },
  'recipe/anoncrypt-x25519-of-signed-eddsa': { message: baseMessage(), layers: [signed('EdDSA'), anoncrypt('X25519')] },
  'recipe/authcrypt-x25519-of-signed-eddsa': { message: baseMessage(), layers: [signed('EdDSA'), authcrypt('X25519')] },
  'recipe/anoncrypt-x25519-of-authcrypt-x25519': { message: baseMessage(), layers: [authcrypt('X25519'), anoncrypt('X25519')] },
};

/** The trust ping a live base carries: an answer to it (a ping-response on its thread) is what the agent shows. */
export function pingMessage(): PlaintextMessage {
  return { ...baseMessage(), type: 'https://didcomm.org/trust-ping/2.0/ping', body: { response_requested: true } };
}

/** Live mode's bases: every recipe stack, carrying a ping from Alice to Bob instead of a basic message. */
export const LIVE_RECIPES: Readonly<Record<string, Recipe>> = Object.fromEntries(Object.entries(RECIPES)
  .map(([id, recipe]) => [id.replace(/^recipe\//, 'live/'), { ...recipe, message: pingMessage() }]));
