/** Smoke test of the affinidi-didcomm adapter (see src/adapter/third-party-smoke.test-support.ts). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import { describeAdapterSmoke } from '../../src/adapter/third-party-smoke.test-support.js';
import { packageRoot, resolveAdapter } from '../../src/adapter/manifest.js';
import { prepareAdapter } from '../../src/adapter/build/prepare.js';

// The first use builds the adapter (cargo, a few minutes on a fresh machine: crates.io downloads and ~150
// crates); the smoke tests below then start it from the cache.
beforeAll(async () => {
  await prepareAdapter(resolveAdapter('affinidi-didcomm'));
}, 1_200_000);

describeAdapterSmoke('affinidi-didcomm');

test('describe reports the library version pinned in Cargo.lock and adapter.json', () => {
  const folder = join(packageRoot(), 'adapters/affinidi-didcomm');
  const lock = readFileSync(join(folder, 'Cargo.lock'), 'utf8');
  const pinned = /name = "affinidi-messaging-didcomm"\nversion = "([^"]+)"/.exec(lock)?.[1];
  const manifest = JSON.parse(readFileSync(join(folder, 'adapter.json'), 'utf8')) as { implementation: { version: string } };
  const main = readFileSync(join(folder, 'src/main.rs'), 'utf8');
  expect(pinned).toBe(manifest.implementation.version);
  expect(main).toContain(`const LIBRARY_VERSION: &str = "${pinned}";`);
  expect(readFileSync(join(folder, 'Cargo.toml'), 'utf8')).toContain(`affinidi-messaging-didcomm = "=${pinned}"`);
});
