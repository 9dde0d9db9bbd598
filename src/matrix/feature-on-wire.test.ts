/**
 * featureMismatch against real envelopes of the reference: every feature's own envelope matches it, and an
 * envelope of another curve, content encryption, algorithm or envelope kind is named with the difference.
 * This is what keeps a matrix cell from passing on an envelope that did not exercise its feature.
 */
import { describe, expect, test } from 'vitest';
import { packMessage } from '../didcomm/envelope/pack.js';
import type { PackOptions, PlaintextMessage } from '../didcomm/types.js';
import { loadKeySet } from '../vectors/key-sets.js';
import { featureMismatch } from './feature-on-wire.js';
import { FEATURES, type Feature } from './features.js';

const keys = loadKeySet('sicpa');
const message: PlaintextMessage = {
  id: 'feature-on-wire-1', typ: 'application/didcomm-plain+json', type: 'https://didcomm.org/basicmessage/2.0/message',
  from: 'did:example:alice', to: ['did:example:bob'], body: { content: 'hi' },
};
const feature = (id: string): Feature => FEATURES.find((f) => f.id === id)!;

/** The reference's envelope for `feature`, as a sender honouring it would pack it. */
async function packedFor(f: Feature): Promise<string> {
  const options: PackOptions = f.envelope === 'signed'
    ? { mode: 'signed', signBy: f.pack.signBy! }
    : { mode: f.envelope, to: ['did:example:bob'], ...(f.pack.from ? { from: f.pack.from } : {}), ...(f.pack.enc ? { enc: f.pack.enc } : {}), ...(f.curve ? { curve: f.curve } : {}) } as PackOptions;
  return (await packMessage(message, options, keys)).packed;
}

describe('featureMismatch', () => {
  // P-384: the SICPA sender has no P-384 key, so authcrypt.P-384 is left to created identities.
  const exercisable = FEATURES.filter((f) => f.id !== 'authcrypt.P-384.A256CBC-HS512');

  test.each(exercisable.map((f) => f.id))('the reference\'s own %s envelope is that feature', async (id) => {
    expect(featureMismatch(feature(id), await packedFor(feature(id)))).toBeUndefined();
  });

  test('an X25519 envelope in a P-256 cell names the curve (a library choosing the curve itself)', async () => {
    const x25519 = await packedFor(feature('anoncrypt.X25519.A256GCM'));
    expect(featureMismatch(feature('anoncrypt.P-256.A256GCM'), x25519)).toBe('"epk" is on "X25519", not P-256');
    const authcrypt = await packedFor(feature('authcrypt.X25519.A256CBC-HS512'));
    expect(featureMismatch(feature('authcrypt.P-521.A256CBC-HS512'), authcrypt)).toBe('"epk" is on "X25519", not P-521');
  });

  test('an epk in the recipients\' headers (where some libraries put it) is read too', async () => {
    const jwe = JSON.parse(await packedFor(feature('anoncrypt.X25519.XC20P'))) as { protected: string; recipients: Array<{ header: Record<string, unknown> }> };
    const { epk, ...header } = JSON.parse(Buffer.from(jwe.protected, 'base64url').toString('utf8')) as Record<string, unknown>;
    const moved = JSON.stringify({ ...jwe, protected: Buffer.from(JSON.stringify(header)).toString('base64url'), recipients: jwe.recipients.map((r) => ({ ...r, header: { ...r.header, epk } })) });
    expect(featureMismatch(feature('anoncrypt.X25519.XC20P'), moved)).toBeUndefined();
    expect(featureMismatch(feature('anoncrypt.P-384.XC20P'), moved)).toBe('"epk" is on "X25519", not P-384');
  });

  test('another content encryption, another algorithm and another envelope kind are each named', async () => {
    const gcm = await packedFor(feature('anoncrypt.X25519.A256GCM'));
    expect(featureMismatch(feature('anoncrypt.X25519.XC20P'), gcm)).toBe('"enc" is "A256GCM", not XC20P');
    expect(featureMismatch(feature('authcrypt.X25519.A256CBC-HS512'), gcm)).toBe('"alg" is "ECDH-ES+A256KW", not ECDH-1PU+A256KW; "enc" is "A256GCM", not A256CBC-HS512');
    const es256 = await packedFor(feature('signed.ES256'));
    expect(featureMismatch(feature('signed.EdDSA'), es256)).toBe('it is signed with "ES256", not EdDSA');
  });

  test('a JWE or a JWS in the plaintext cell is named', async () => {
    expect(featureMismatch(feature('plaintext'), await packedFor(feature('anoncrypt.X25519.A256GCM')))).toBe('it is a JWE, not a plaintext message');
    expect(featureMismatch(feature('plaintext'), await packedFor(feature('signed.EdDSA')))).toBe('it is a JWS, not a plaintext message');
  });

  test('a Flattened or Compact JWS is read too', async () => {
    const general = JSON.parse(await packedFor(feature('signed.ES256K'))) as { payload: string; signatures: Array<{ protected: string; signature: string }> };
    const [signature] = general.signatures;
    const flattened = JSON.stringify({ payload: general.payload, protected: signature!.protected, signature: signature!.signature });
    const compact = `${signature!.protected}.${general.payload}.${signature!.signature}`;
    for (const packed of [flattened, compact]) {
      expect(featureMismatch(feature('signed.ES256K'), packed)).toBeUndefined();
      expect(featureMismatch(feature('signed.ES256'), packed)).toBe('it is signed with "ES256K", not ES256');
    }
  });

  test('what cannot be read is left to the receiver', () => {
    expect(featureMismatch(feature('anoncrypt.P-256.A256GCM'), 'not json')).toBeUndefined();
    expect(featureMismatch(feature('anoncrypt.P-256.A256GCM'), '{"protected":"%%%"}')).toBeUndefined();
    expect(featureMismatch(feature('signed.EdDSA'), '[]')).toBeUndefined();
  });
});
