/**
 * What live mode can judge: the agent shows that it accepted a ping only by answering it, and it owes an
 * answer the harness can see only to a well-formed trust ping to Bob (the party it holds as its own) from a
 * party the harness answers for, asking for a response, on a thread a reply can carry (THR-001). A refusal or
 * silence on anything else says nothing about the envelope rules, so it is not asked of the agent (not
 * applicable), whatever the reference says.
 * What it answers is judged as in unpack mode (judge.ts).
 * @module
 */
import type { Capabilities } from '../adapter/protocol/v1/types.generated.js';
import type { PlaintextMessage } from '../didcomm/types.js';
import { PING, wantsResponse } from '../didcomm/protocols/trust-ping-2.0/trust-ping.js';
import { unanswerableThread } from '../didcomm/protocols/message.js';
import { recipeKeys } from './recipe.js';
import { BOB } from './recipe-corpus.js';
import { judge, type Answer, type Judgement } from './judge.js';
import type { Expectation } from './oracle.js';

/** The SICPA parties whose DID documents name the harness's endpoint in live mode: all but Bob (the agent). */
export function harnessParties(): string[] {
  return recipeKeys().documents.map((doc) => doc.id).filter((did) => did !== BOB);
}

/** Why the agent owes no answer the harness would see to `message`, or undefined when it owes one. */
export function unanswerable(message: PlaintextMessage): string | undefined {
  if (message.type !== PING) return `its type is ${JSON.stringify(String(message.type)).slice(0, 80)}, not a trust ping`;
  if (typeof message.body !== 'object' || message.body === null || Array.isArray(message.body)) return 'its body is not an object';
  if (!wantsResponse(message)) return 'it asks for no response';
  if (typeof message.from !== 'string' || !harnessParties().includes(message.from)) return `"from" (${JSON.stringify(message.from)?.slice(0, 80)}) names no party the harness answers for (PROTO-PING-003)`;
  if (!Array.isArray(message.to) || !message.to.includes(BOB)) return '"to" does not name the agent\'s DID';
  // No receiver MUST acts on an expired message (TIME-002).
  if (typeof message.expires_time === 'number') return 'it carries expires_time (TIME-002 leaves expired messages to the receiver)';
  return unanswerableThread(message);
}

/**
 * The judgement of a live answer: a refusal or silence on a message the agent would owe no visible answer to
 * is not applicable; everything else as in unpack mode.
 */
export function judgeLive(expectation: Expectation, answer: Answer, capabilities: Capabilities): Judgement {
  if ((answer.status === 'rejected' || answer.status === 'silent') && (expectation.kind === 'must-accept' || expectation.kind === 'open') && expectation.result) {
    const why = unanswerable(expectation.result.message);
    if (why) return { kind: 'not-applicable', detail: `live: no answer the harness can see is owed: ${why}` };
  }
  return judge(expectation, answer, capabilities);
}

/** 'quiet' when an answer would break a MUST or the reference refuses (a quiet window is waited), else 'answer'. */
export function patienceFor(expectation: Expectation): 'answer' | 'quiet' {
  return expectation.kind === 'must-reject' || expectation.kind === 'reference-failure' || (expectation.kind === 'open' && !expectation.result) ? 'quiet' : 'answer';
}
