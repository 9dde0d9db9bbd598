/** Smoke test of the didcomm-messaging-authlib adapter (see src/adapter/third-party-smoke.test-support.ts). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import { describeAdapterSmoke } from '../../src/adapter/third-party-smoke.test-support.js';
import { packageRoot, resolveAdapter } from '../../src/adapter/manifest.js';
import { prepareAdapter } from '../../src/adapter/build/prepare.js';

// The first use builds the adapter's virtual environment (pip, 20 s to a minute on 2 busy cores, longer with
// PyPI downloads on a fresh machine); the smoke tests below then start it from the cache.
beforeAll(async () => {
  await prepareAdapter(resolveAdapter('didcomm-messaging-authlib'));
}, 600_000);

describeAdapterSmoke('didcomm-messaging-authlib');

test('adapter.json names the version of didcomm-messaging pinned in the lock file', () => {
  const root = packageRoot();
  const lock = readFileSync(join(root, 'adapters/didcomm-messaging/requirements.txt'), 'utf8');
  const pinned = /^didcomm-messaging==([^\s\\]+)/m.exec(lock)?.[1];
  const manifest = JSON.parse(readFileSync(join(root, 'adapters/didcomm-messaging-authlib/adapter.json'), 'utf8')) as { implementation: { version: string } };
  expect(pinned).toBe(manifest.implementation.version);
});
