/**
 * The matrix's pairs around an adapter reached by URL (one agent, whatever the sessions): never two at once,
 * while pairs of process adapters overlap; two URL adapters taken in either order never deadlock.
 */
import { describe, expect, test } from 'vitest';
import type { ResolvedAdapter } from '../adapter/manifest.js';
import { OneAgentAtATime } from './one-agent-at-a-time.js';

const byUrl = (name: string) => ({ name, target: { kind: 'http', url: `http://127.0.0.1/${name}` } }) as unknown as ResolvedAdapter;
const byProcess = (name: string) => ({ name, target: { kind: 'stdio', command: 'true' } }) as unknown as ResolvedAdapter;
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

/** Runs every pair at once through `locks`; returns the most pairs that were inside at the same time. */
async function mostAtOnce(pairs: ResolvedAdapter[][]): Promise<number> {
  const locks = new OneAgentAtATime();
  let inside = 0;
  let most = 0;
  await Promise.all(pairs.map((pair) => locks.with(pair, async () => {
    most = Math.max(most, ++inside);
    await tick();
    inside -= 1;
  })));
  return most;
}

describe('one pair at a time per adapter reached by URL', () => {
  test('pairs sharing a URL adapter never overlap; pairs of process adapters do', async () => {
    const agent = byUrl('gated');
    expect(await mostAtOnce([[agent, agent], [agent, byProcess('reference')], [byProcess('reference'), agent]])).toBe(1);
    expect(await mostAtOnce([[byProcess('a'), byProcess('b')], [byProcess('b'), byProcess('a')], [byProcess('a'), byProcess('a')]])).toBe(3);
  });

  test('two URL adapters in both orders finish (locks in name order), and a failing pair releases its lock', async () => {
    const [one, two] = [byUrl('one'), byUrl('two')];
    expect(await mostAtOnce([[one, two], [two, one], [two, two], [one, one]])).toBe(1);
    const locks = new OneAgentAtATime();
    await expect(locks.with([one], () => Promise.reject(new Error('pair failed')))).rejects.toThrow('pair failed');
    await expect(locks.with([one], () => Promise.resolve('next pair ran'))).resolves.toBe('next pair ran');
  });
});
