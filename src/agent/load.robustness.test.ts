/**
 * The small twin of bench/load.ts in npm test: 500 authcrypt pings over 20 loopback connections (10 HTTP,
 * 10 WebSocket) with malformed, wrong Content-Type and oversized bodies interleaved. Asserts counts only:
 * nothing lost, nothing duplicated, every hostile HTTP body answered 4xx with a problem description, no
 * reply on a WebSocket for a refused message. No timing assertions (bench/README.md).
 */
import { expect, test } from 'vitest';
import { runLoad } from '../../bench/support/load.js';

test('reference agent: 500 pings over 20 connections, hostile bodies interleaved: 0 lost, 0 duplicated, 4xx with problems', { timeout: 60_000 }, async () => {
  const figures = await runLoad({ messages: 500, connections: 20, hostileEvery: 10, oversized: 2, deadlineMs: 50_000 });
  expect(figures.hostile.wrong).toEqual([]);
  expect(figures).toMatchObject({ lost: 0, duplicated: 0, answered: 500, recordedOnce: 500 });
  expect(figures.hostile.sent).toBe(40);
  expect(figures.hostile.http4xxWithProblem + figures.hostile.wsIgnored).toBe(40);
  expect(figures.hostile.http4xxWithProblem).toBe(20);
});
