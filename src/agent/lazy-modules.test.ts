/**
 * Issue 17: a process that hosts reference agents and talks HTTP loads neither a web framework, `ws` nor
 * fetch's undici (each costs every such process start-up CPU); `ws` comes with the first WebSocket. Nor does
 * an adapter or suite worker load noble's curves (half the JavaScript the reference adapter parsed at start)
 * before it signs under pinned randomness or maps an Ed25519 key to X25519. Checked in fresh Node processes on
 * the compiled code, where nothing else (vitest, the test file) has loaded those modules first.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';

const root = join(import.meta.dirname, '../..');

/** Two agents exchange a ping over HTTP, then a WebSocket handshake by hand, then a ping over WebSocket. */
const script = `
import { createRequire } from 'node:module';
import { connect } from 'node:net';
const root = process.argv[1];
const { ReferenceAgent } = await import(root + '/dist/src/agent/agent.js');
const { buildPing, PING } = await import(root + '/dist/src/didcomm/protocols/trust-ping-2.0/trust-ping.js');
const cache = createRequire(root + '/package.json').cache;
const loaded = () => ({
  express: Object.keys(cache).some((path) => /[/]node_modules[/](express|body-parser)[/]/.test(path)),
  ws: Object.keys(cache).some((path) => path.includes('/node_modules/ws/')),
  undici: process.moduleLoadList.some((name) => name.includes('undici')),
});
const [alice, bob] = [await ReferenceAgent.start(), await ReferenceAgent.start()];
const a = await alice.createIdentity();
const b = await bob.createIdentity();
const overHttp = await alice.send(buildPing({ from: a.did, to: [b.did] }), { to: b.did });
await bob.inbox.waitForMessage(PING, 2000);
const afterHttp = loaded();
// RFC 6455 §1.3's sample key; its accept value is s3pPLMBiTxaQ9kYGzzhZRbK+xOo=.
const handshake = await new Promise((resolve, reject) => {
  const { port } = new URL(bob.wsUrl);
  const socket = connect(Number(port), '127.0.0.1', () => socket.write('GET /ws HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\nUpgrade: websocket\\r\\nConnection: Upgrade\\r\\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\\r\\nSec-WebSocket-Version: 13\\r\\n\\r\\n'));
  socket.once('data', (data) => { resolve(data.toString('latin1').split('\\r\\n').filter((line) => /^HTTP|^Sec-WebSocket-Accept/.test(line))); socket.destroy(); });
  socket.once('error', reject);
});
const afterUpgrade = loaded();
const bw = await bob.createIdentity({ transport: 'ws' });
const overWs = await alice.send(buildPing({ from: a.did, to: [bw.did] }), { to: bw.did, transport: 'ws' });
const arrived = await bob.inbox.waitFor((record) => record.transport === 'ws' && record.message?.type === PING, 2000);
await alice.close();
await bob.close();
console.log(JSON.stringify({ overHttp: overHttp.status, afterHttp, handshake, afterUpgrade, overWs: overWs.status, arrivedOverWs: arrived !== undefined }));
`;

test('hosting agents and talking HTTP loads no express, ws or undici; the first upgrade loads ws, and WebSocket works', { timeout: 30_000 }, () => {
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script, root], { encoding: 'utf8', timeout: 25_000 });
  expect(child.stderr).toBe('');
  expect(JSON.parse(child.stdout)).toEqual({
    overHttp: 202,
    afterHttp: { express: false, ws: false, undici: false },
    handshake: ['HTTP/1.1 101 Switching Protocols', 'Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo='],
    afterUpgrade: { express: false, ws: true, undici: false },
    overWs: 101,
    arrivedOverWs: true,
  });
});

/** Appends the URL of every module the ES loader loads to the file $LOADED_LOG (a hook of the child's own). */
const recordLoads = `import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent('import { appendFileSync } from "node:fs"; export async function load(url, context, next) { appendFileSync(process.env.LOADED_LOG, url + String.fromCharCode(10)); return next(url, context); }'));`;

/** The two uses of noble's curves, in the compiled library, checked against node's own crypto. */
const useNoble = `
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
const root = process.argv[1];
const { x25519PrivateKeyOfEd25519, x25519PublicKeyOfEd25519 } = await import(root + '/dist/src/did/ed25519-to-x25519.js');
const { signBytes, verifyBytes } = await import(root + '/dist/src/crypto/signature.js');
const { withSeededRandom } = await import(root + '/dist/src/crypto/random.js');
const ed = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' });
// PKCS#8 of an X25519 secret (RFC 8410): node derives its public key natively.
const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b656e04220420', 'hex'), Buffer.from(x25519PrivateKeyOfEd25519(Buffer.from(ed.d, 'base64url')))]);
const nativeX = createPublicKey(createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' })).export({ format: 'jwk' }).x;
const mappedX = Buffer.from(x25519PublicKeyOfEd25519(Buffer.from(ed.x, 'base64url'))).toString('base64url');
const data = Buffer.from('lazy');
const signed = {};
for (const [alg, namedCurve] of [['ES256', 'P-256'], ['ES256K', 'secp256k1']]) {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve });
  const once = () => withSeededRandom('seed', async () => signBytes(alg, privateKey, data));
  const [first, second] = [await once(), await once()];
  signed[alg] = { deterministic: first.equals(second), verifies: verifyBytes(alg, publicKey, data, first) };
}
console.log(JSON.stringify({ mapAgrees: nativeX === mappedX, signed }));
`;

test('the reference adapter answers describe without noble\'s curves; the compiled library loads them on first use, and they work', { timeout: 30_000 }, () => {
  const log = join(mkdtempSync(join(tmpdir(), 'didcomm-lazy-')), 'loaded.txt');
  const adapter = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(recordLoads)}`, join(root, 'dist/adapters/reference/main.js')], {
    input: '{"jsonrpc":"2.0","id":1,"method":"describe","params":{}}\n', encoding: 'utf8', timeout: 25_000, env: { ...process.env, LOADED_LOG: log },
  });
  expect(adapter.stderr).toBe('');
  expect(JSON.parse(adapter.stdout.split('\n')[0]!)).toMatchObject({ id: 1, result: { protocolVersion: 1 } });
  const loaded = readFileSync(log, 'utf8').split('\n');
  // The modules that use noble were loaded (the hook saw the library), noble's curves were not.
  expect(['/dist/src/crypto/signature.js', '/dist/src/did/ed25519-to-x25519.js'].map((module) => loaded.some((url) => url.endsWith(module)))).toEqual([true, true]);
  expect(loaded.filter((url) => url.includes('/node_modules/@noble/curves/'))).toEqual([]);

  const used = spawnSync(process.execPath, ['--input-type=module', '-e', useNoble, root], { encoding: 'utf8', timeout: 25_000 });
  expect(used.stderr).toBe('');
  expect(JSON.parse(used.stdout)).toEqual({
    mapAgrees: true,
    signed: { ES256: { deterministic: true, verifies: true }, ES256K: { deterministic: true, verifies: true } },
  });
});
