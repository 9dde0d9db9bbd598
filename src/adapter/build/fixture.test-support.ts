/**
 * Adapters with a build section for tests, with Node itself as the toolchain so no other language is needed:
 * the "build" copies a plaintext-only adapter (over the SDK in dist/) into `${build}`, counting its runs in a
 * file named by the build's env, optionally after a pause (to overlap two builds).
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AdapterManifest, BuildSpec } from '../protocol/v1/types.generated.js';
import { packageRoot } from '../manifest.js';

const BUILD_SCRIPT = `import { appendFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
const out = process.argv[2];
if (process.env.BUILD_PAUSE_MS) await new Promise((resolve) => setTimeout(resolve, Number(process.env.BUILD_PAUSE_MS)));
if (process.env.BUILD_COUNTER) appendFileSync(process.env.BUILD_COUNTER, 'built\\n');
console.log('copying the adapter into', out);
copyFileSync('adapter-src.mjs', join(out, 'adapter.mjs'));
`;

function adapterSource(name: string): string {
  const sdk = pathToFileURL(join(packageRoot(), 'dist/src/adapter/sdk/index.js')).href;
  return `import { serveAdapter } from ${JSON.stringify(sdk)};
await serveAdapter({
  describe: () => ({
    protocolVersion: 1,
    implementation: { name: ${JSON.stringify(name)}, version: '0.0.1', language: 'JavaScript' },
    capabilities: { envelopes: ['plaintext'], algorithms: {}, didMethods: ['example'], protocols: [], transports: [], roles: ['sender', 'receiver'] },
  }),
  reset: () => ({}),
});
`;
}

/** The default build section: Node >= 20, the two files as inputs, one step copying the adapter. */
export function fixtureBuild(overrides: Partial<BuildSpec> = {}): BuildSpec {
  return {
    toolchains: [{ name: 'Node', command: ['node', '--version'], minimum: '20', hint: 'install Node 20 or newer' }],
    inputs: ['adapter-src.mjs', 'build.mjs'],
    steps: [['node', 'build.mjs', '${build}']],
    ...overrides,
  };
}

/** Writes an adapter folder `dir` with `build` (default fixtureBuild()); returns its adapter.json path. */
export function writeBuiltAdapter(dir: string, name: string, build: BuildSpec = fixtureBuild()): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'build.mjs'), BUILD_SCRIPT);
  writeFileSync(join(dir, 'adapter-src.mjs'), adapterSource(name));
  const manifest: AdapterManifest = {
    name,
    implementation: { name, version: '0.0.1', language: 'JavaScript' },
    build,
    transport: { kind: 'stdio', command: 'node', args: ['${build}/adapter.mjs'], env: { ADAPTER_BUILD: '${build}' } },
  };
  const file = join(dir, 'adapter.json');
  writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
  return file;
}
