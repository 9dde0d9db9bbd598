/**
 * Which arrivals belong to a live cell: every cell of a pair reuses the parties' endpoints, so a late answer
 * to an earlier cell's message (a problem-report to a message the agent refused, say) can arrive during a
 * later cell's wait. It must not become that cell's story ("received a problem-report" where nothing of the
 * cell arrived): src/matrix/live-exchange.ts sets such arrivals apart by their threading.
 */
import { describe, expect, test } from 'vitest';
import type { ReceivedMessage } from '../adapter/protocol/v1/types.generated.js';
import { answersAnotherExchange } from './live-exchange.js';

const arrival = (message: Record<string, unknown>): ReceivedMessage =>
  ({ seq: 1, transport: 'http', unpacked: { status: 'accepted', message: { type: 'https://didcomm.org/report-problem/2.0/problem-report', body: {}, ...message }, metadata: {} } }) as unknown as ReceivedMessage;

describe('answersAnotherExchange', () => {
  const cell = new Set(['ping-of-this-cell']);

  test('a problem-report threaded to an earlier cell\'s message is not this cell\'s', () => {
    expect(answersAnotherExchange(arrival({ id: 'r1', pthid: 'message-of-an-earlier-cell' }), cell)).toBe(true);
    expect(answersAnotherExchange(arrival({ id: 'r2', thid: 'message-of-an-earlier-cell' }), cell)).toBe(true);
  });

  test('an answer threaded to this cell\'s message is this cell\'s, even with another thread beside it', () => {
    expect(answersAnotherExchange(arrival({ id: 'r3', thid: 'ping-of-this-cell' }), cell)).toBe(false);
    expect(answersAnotherExchange(arrival({ id: 'r4', thid: 'other', pthid: 'ping-of-this-cell' }), cell)).toBe(false);
  });

  test('a message that starts a thread (no thid, or thid its own id) and what could not be unpacked are never set apart', () => {
    expect(answersAnotherExchange(arrival({ id: 'p1', type: 'https://didcomm.org/trust-ping/2.0/ping' }), cell)).toBe(false);
    expect(answersAnotherExchange(arrival({ id: 'p2', thid: 'p2' }), cell)).toBe(false);
    const refused = { seq: 2, transport: 'http', unpacked: { status: 'rejected', error: { code: 'ERR_X', message: 'no' } } } as unknown as ReceivedMessage;
    expect(answersAnotherExchange(refused, cell)).toBe(false);
  });
});
