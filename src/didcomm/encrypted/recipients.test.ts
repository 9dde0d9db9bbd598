/**
 * Packing for a DID whose only key on the asked curve cannot be read: the refusal says the DID has such a key and
 * why it was skipped (KEYS-004: a JWK coordinate short of its leading zero byte, as one Python library generates
 * now and then), not that the DID has no key on that curve.
 */
import { describe, expect, test } from 'vitest';
import { StaticDidResolver } from '../../did/static-resolver.js';
import { SecretStore } from '../../did/secrets.js';
import { packMessage } from '../envelope/pack.js';

const DID = 'did:example:short-x';
// A real P-384 public key whose "x" is 47 bytes (its leading zero byte dropped): the point is valid, the JWK is not.
const SHORT_X = { kty: 'EC', crv: 'P-384', x: 'coEo2TAOOKS-Ffo0QflMmTGXd7dzJFHQXgoniqjCfj3Qw-zKhskPO5wz911lfgU', y: 'sB_AyQ4tjzu31385Y9OrUmLEn6967fv2DWe2ZdpLQGHMJ4Wk8CGX727PuIG-odwf' };

describe('a recipient key that cannot be read', () => {
  test('anoncrypt on its curve is refused naming the skipped key and why (KEYS-004), under ENC-JWE-002', async () => {
    const resolver = new StaticDidResolver([{ id: DID, verificationMethod: [{ id: `${DID}#key-1`, type: 'JsonWebKey2020', controller: DID, publicKeyJwk: SHORT_X }], keyAgreement: [`${DID}#key-1`] } as never]);
    const packed = packMessage({ id: 'short-x-1', type: 'https://didcomm.org/basicmessage/2.0/message', to: [DID], body: {} }, { mode: 'anoncrypt', to: [DID], curve: 'P-384' }, { resolver, secrets: new SecretStore([]) });
    await expect(packed).rejects.toMatchObject({
      code: 'ERR_PACK_ARGUMENT', requirement: 'ENC-JWE-002',
      message: `${DID} has no usable keyAgreement key on P-384 (skipped, unreadable: ${DID}#key-1 publicKeyJwk has a malformed "x" for P-384)`,
    });
  });
});
