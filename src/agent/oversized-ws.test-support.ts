/**
 * One WebSocket message a byte over MAX_BODY_BYTES, as the endpoint's and the fault relay's tests send it: both
 * must close that socket with 1009 (message too big) and go on serving. `ws` is imported when called, so a test
 * file importing this loads it no earlier than its own test does.
 */
import { MAX_BODY_BYTES } from './endpoint.js';

/** Opens a socket to `url`, sends the oversized message and resolves with the close code the server gives. */
export async function closeCodeForOversizedMessage(url: string): Promise<number> {
  const { WebSocket } = await import('ws');
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => { socket.once('open', resolve); socket.once('error', reject); });
  socket.on('error', () => undefined);
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  socket.send(Buffer.alloc(MAX_BODY_BYTES + 1, 0x61));
  return closed;
}
