/**
 * attributeSilence: which refusal on the wire a live case's failure is filed under, and when the wire shows
 * that the case never reached its own check (the agent's endpoint refused a valid message of the harness that
 * the adapter cannot unpack: the affinidi-mediator answering 404 to every ping).
 */
import { describe, expect, test } from 'vitest';
import type { WireEntry } from '../adapter/transcript.js';
import { ConformanceFailure, HarnessTrouble, Inconclusive } from './checks.js';
import { attributeSilence, type AgentUnpack } from './silence.js';

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const AUTHCRYPT = JSON.stringify({ protected: b64({ alg: 'ECDH-1PU+A256KW', enc: 'A256CBC-HS512' }), recipients: [], iv: 'AA', ciphertext: 'AA', tag: 'AA' });

function sent(status: number, packed = AUTHCRYPT): WireEntry {
  return { kind: 'wire', at: '2026-12-05T00:00:00.000Z', direction: 'out', transport: 'http', endpoint: 'http://127.0.0.1:9/mediator/v1', status, packed };
}

const pingSilence = new ConformanceFailure('PROTO-PING-002', 'no ping response within 600 ms', { strength: 'should', silence: true });
const cannotAsk: AgentUnpack = async () => undefined;

describe('attributeSilence (PROTO-PING-002 silence after a 404, TRANS-003)', () => {
  test('a silence after the endpoint refused a valid authcrypt message the adapter cannot unpack is inconclusive, naming the status and the rule not reached', async () => {
    const result = await attributeSilence(pingSilence, [sent(404)], cannotAsk);
    expect(result).toBeInstanceOf(Inconclusive);
    expect(result.message).toMatch(/^inconclusive: the agent's endpoint answered 404 to a valid authcrypt message of the harness at http:\/\/127\.0\.0\.1:9\/mediator\/v1 and the adapter cannot unpack/);
    expect(result.message).toContain('(PROTO-PING-002; it saw: no ping response within 600 ms)');
  });

  test('the agent\'s unpack refusing the same bytes files the case under the envelope rule instead', async () => {
    const result = await attributeSilence(pingSilence, [sent(404)], async () => ({ accepted: false, reason: 'bad tag' }));
    expect(result).toBeInstanceOf(ConformanceFailure);
    expect((result as ConformanceFailure).requirement).toBe('ENC-AUTH-001');
    expect((result as ConformanceFailure).rootCause).toEqual({ requirement: 'ENC-AUTH-001', summary: 'the agent cannot unpack authcrypt' });
  });

  test('an agent that unpacks the bytes, an accepted message, or a failure that is not a silence keep the case\'s own rule', async () => {
    expect(await attributeSilence(pingSilence, [sent(404)], async () => ({ accepted: true }))).toBe(pingSilence);
    expect(await attributeSilence(pingSilence, [sent(202)], cannotAsk)).toBe(pingSilence);
    const observed = new ConformanceFailure('TRANS-003', 'answered 404 to a valid message');
    expect(await attributeSilence(observed, [sent(404)], cannotAsk)).toBe(observed);
  });

  test('a silence after the harness could not send its own message is harness trouble, never the agent\'s failure; another failure keeps its rule', async () => {
    const unsent: WireEntry = {
      kind: 'wire', at: '2026-12-05T00:00:00.000Z', direction: 'out', endpoint: 'did:key:z6Mk', packed: '', outcome: 'not sent',
      plaintext: { type: 'https://didcomm.org/trust-ping/2.0/ping-response' }, error: { code: 'ERR_HARNESS_NOT_SENT', message: 'TypeError: did:key:z6Mk has no DIDComm endpoint' },
    };
    const result = await attributeSilence(pingSilence, [sent(202), unsent], async () => ({ accepted: false }));
    expect(result).toBeInstanceOf(HarnessTrouble);
    expect(result.message).toBe('the harness could not send its https://didcomm.org/trust-ping/2.0/ping-response to did:key:z6Mk (TypeError: did:key:z6Mk has no DIDComm endpoint), so the case\'s own check could not be judged (it saw: no ping response within 600 ms)');
    const failedOn: WireEntry = {
      kind: 'wire', at: '2026-12-05T00:00:00.000Z', direction: 'in', transport: 'http', endpoint: 'http://127.0.0.1:9/didcomm', status: 500, packed: '{}', outcome: 'failed',
      error: { code: 'ERR_HARNESS_INTERNAL', message: 'ReferenceDrift: the reference agent built a ping-response that breaks its schema' },
    };
    expect((await attributeSilence(pingSilence, [failedOn], cannotAsk)).message).toMatch(/^the harness failed on a message the agent sent to http:\/\/127\.0\.0\.1:9\/didcomm \(ReferenceDrift: /);
    const observed = new ConformanceFailure('ENV-PLAIN-003', 'the ping id is not unreserved');
    expect(await attributeSilence(observed, [unsent], cannotAsk)).toBe(observed);
  });

  test('a refused message that is not a DIDComm envelope of the harness (plaintext) proves nothing either way', async () => {
    expect(await attributeSilence(pingSilence, [sent(404, JSON.stringify({ id: '1', type: 'https://didcomm.org/trust-ping/2.0/ping', body: {} }))], cannotAsk)).toBe(pingSilence);
  });
});
