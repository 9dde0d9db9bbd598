/**
 * For tests: the reference adapter as an agent reached by URL (`--http 0`: it takes a free port and names its
 * URL on stderr, which is read instead of polling a fixed port, which could be taken or slow to come up).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** Starts it; resolves with its URL once it listens, and the process to kill afterwards. */
export function referenceOverHttp(root: string): Promise<{ url: string; agent: ChildProcess }> {
  const agent = spawn(process.execPath, [join(root, 'dist/adapters/reference/main.js'), '--http', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let said = '';
    agent.stderr!.on('data', (chunk: Buffer) => {
      said += chunk.toString();
      const url = /adapter listening on (http:\/\/\S+)/.exec(said)?.[1];
      if (url) resolve({ url, agent });
    });
    agent.once('exit', (code) => reject(new Error(`the reference adapter exited (${String(code)}) before listening: ${said}`)));
  });
}
