/**
 * Issue 17: a process that hosts reference agents and talks HTTP loads neither a web framework, `ws` nor
 * fetch's undici (each costs every such process start-up CPU); `ws` comes with the first WebSocket. Checked
 * in a fresh Node process on the compiled agent, where nothing else (vitest, the test file) has loaded ws first.
 */
import { spawnSync } from 'node:child_process';
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
