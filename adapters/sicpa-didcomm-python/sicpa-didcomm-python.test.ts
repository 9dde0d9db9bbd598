/** Smoke test of the sicpa-didcomm-python adapter (see src/adapter/third-party-smoke.test-support.ts). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, expect, test } from 'vitest';
import { describeAdapterSmoke } from '../../src/adapter/third-party-smoke.test-support.js';
import { packageRoot, resolveAdapter } from '../../src/adapter/manifest.js';
import { prepareAdapter } from '../../src/adapter/build/prepare.js';
import { createDidResolver } from '../../src/did/resolver.js';
import { resolveKeyIn } from '../../src/did/document.js';

// The first use builds the adapter's virtual environment (pip, 20 s to a minute on 2 busy cores, longer with
// PyPI downloads on a fresh machine); the smoke tests below then start it from the cache.
beforeAll(async () => {
  await prepareAdapter(resolveAdapter('sicpa-didcomm-python'));
}, 600_000);

describeAdapterSmoke('sicpa-didcomm-python');

test('adapter.json names the version of didcomm pinned in the lock file', () => {
  const root = packageRoot();
  const lock = readFileSync(join(root, 'adapters/sicpa-didcomm-python/requirements.txt'), 'utf8');
  const pinned = /^didcomm==([^\s\\]+)/m.exec(lock)?.[1];
  const manifest = JSON.parse(readFileSync(join(root, 'adapters/sicpa-didcomm-python/adapter.json'), 'utf8')) as { implementation: { version: string } };
  expect(pinned).toBe(manifest.implementation.version);
});

// A P-384 public key as the library generates it now and then (about 1 in 200): "x" is 47 bytes, its leading
// zero byte dropped. The adapter's own did:peer:2 encoder must still write a compressed point of the full size.
const SHORT_X_P384 = { kty: 'EC', crv: 'P-384', x: 'coEo2TAOOKS-Ffo0QflMmTGXd7dzJFHQXgoniqjCfj3Qw-zKhskPO5wz911lfgU', y: 'sB_AyQ4tjzu31385Y9OrUmLEn6967fv2DWe2ZdpLQGHMJ4Wk8CGX727PuIG-odwf' };

test('a key whose coordinate the library wrote short still makes a did:peer:2 that resolves to the same point', async () => {
  const adapter = resolveAdapter('sicpa-didcomm-python');
  if (adapter.target.kind !== 'stdio') throw new Error('a stdio adapter was expected');
  const dir = join(packageRoot(), 'adapters/sicpa-didcomm-python');
  const script = 'import json, sys; from did_documents import jwk_to_multikey; print(jwk_to_multikey(json.loads(sys.argv[1])))';
  const { stdout } = await execa(adapter.target.command, ['-W', 'ignore', '-c', script, JSON.stringify(SHORT_X_P384)], {
    cwd: dir, env: { PYTHONPATH: [join(packageRoot(), 'adapters/_kits/python'), dir].join(':'), PYTHONDONTWRITEBYTECODE: '1' },
  });
  const did = `did:peer:2.E${stdout.trim()}`;
  const document = await createDidResolver({ examples: false }).resolve(did);
  const resolved = resolveKeyIn(document, `${did}#key-1`, 'keyAgreement').publicJwk as { x: string; y: string };
  // The same point: x as a number, now at its full 48 bytes; y unchanged.
  const asNumber = (value: string) => BigInt(`0x${Buffer.from(value, 'base64url').toString('hex')}`);
  expect(asNumber(resolved.x)).toBe(asNumber(SHORT_X_P384.x));
  expect(Buffer.from(resolved.x, 'base64url')).toHaveLength(48);
  expect(asNumber(resolved.y)).toBe(asNumber(SHORT_X_P384.y));
}, 60_000);
