/**
 * Report Problem 2.0 (spec §6.2 problems.md, PROB-001..011): the problem-report message, its code grammar
 * and comment interpolation.
 * @module
 */
import type { PlaintextMessage } from '../../types.js';
import { bodyOf, buildMessage, checkReplyThread, type Finding, type MessageHeaders } from '../message.js';

export const REPORT_PROBLEM_PIURI = 'https://didcomm.org/report-problem/2.0';
export const PROBLEM_REPORT = `${REPORT_PROBLEM_PIURI}/problem-report`;

/** Fixed comments of the codes the reference agent emits (PROB-005: statically tied to the code). */
export const PROBLEM_COMMENTS: Record<string, string> = {
  'e.p.msg.unsupported': 'Message type {1} is not supported.',
  'e.p.req.time': 'The message expired at {1}.',
  'e.m.live-mode-not-supported': 'Connection does not support Live Delivery.',
  'e.p.trust.crypto': 'Cryptographic problem: {1}.',
  'e.p.msg': 'Malformed message: {1}.',
  'e.p.req.not-enrolled': 'No mediation for {1}.',
};

/**
 * A problem report about `offending` (PROB-002: `pthid` = the offending thread; PROB-003: `ack` = its id).
 */
export function buildProblemReport(code: string, offending: PlaintextMessage | undefined, args: string[] = [], headers: MessageHeaders = {}): PlaintextMessage {
  const comment = PROBLEM_COMMENTS[code];
  return buildMessage(PROBLEM_REPORT, { code, ...(comment ? { comment } : {}), ...(args.length ? { args } : {}) }, {
    ...(offending ? { pthid: offending.thid ?? offending.id, ack: [offending.id] } : {}),
    ...(offending?.to?.[0] ? { from: offending.to[0] } : {}),
    ...(offending?.from ? { to: [offending.from] } : {}),
    ...headers,
  });
}

/** PROB-006: placeholders `{n}` from `args`, missing or null as `?`, extra args appended comma-separated. */
export function interpolateComment(comment: string, args: unknown[] = []): string {
  const used = new Set<number>();
  const text = comment.replace(/\{(\d+)\}/g, (_, n: string) => {
    const index = Number(n) - 1;
    used.add(index);
    const value = args[index];
    return value === undefined || value === null ? '?' : String(value);
  });
  const extra = args.filter((_, i) => !used.has(i)).map((value) => String(value));
  return extra.length ? `${text}, ${extra.join(', ')}` : text;
}

/**
 * PROB-002 across messages: a problem report about `offending` names the offending thread as `pthid` (the
 * schema checks a `pthid` is there, the code grammar and the body).
 */
export function checkProblemThread(message: PlaintextMessage, offending: { id: string; thid?: string }): Finding[] {
  const expected = offending.thid ?? offending.id;
  return message.pthid === undefined || message.pthid === expected ? [] : [{ requirement: 'PROB-002', message: `"pthid" is ${JSON.stringify(message.pthid)}, expected the offending thread ${JSON.stringify(expected)}` }];
}

/** SHOULD-level: `ack` names the offending message (PROB-003). */
export function problemReportAcks(message: PlaintextMessage, offendingId: string): boolean {
  return Array.isArray(message['ack']) && (message['ack'] as unknown[]).includes(offendingId);
}

/** The code of a problem report, or undefined. */
export function problemCode(message: PlaintextMessage): string | undefined {
  const code = bodyOf(message)['code'];
  return typeof code === 'string' ? code : undefined;
}

/**
 * The escalation of a `w.*` warning to an error (PROB-010): the same code with sorter `e`, a new `id`, on the
 * warning's thread, looking like the warning otherwise (its `pthid` and `args`).
 */
export function buildEscalation(warning: PlaintextMessage, headers: MessageHeaders = {}): PlaintextMessage {
  const code = (problemCode(warning) ?? 'w.p').replace(/^w\./, 'e.');
  const args = bodyOf(warning)['args'];
  return buildMessage(PROBLEM_REPORT, { code, ...(Array.isArray(args) ? { args } : {}) }, {
    thid: warning.thid ?? warning.id,
    ...(warning.pthid ? { pthid: warning.pthid } : {}),
    ...(warning.to?.[0] ? { from: warning.to[0] } : {}),
    ...(warning.from ? { to: [warning.from] } : {}),
    ...headers,
  });
}

/** How broad a scope is (PROB-008): `m` one message, a state name, `p` the whole protocol. */
function scopeBreadth(scope: string | undefined): number {
  return scope === 'm' ? 0 : scope === 'p' ? 2 : 1;
}

/** Rules an escalation of `warning` breaks (PROB-010): sorter `e`, scope not narrowed, new `id`, same thread. */
export function validateEscalation(message: PlaintextMessage, warning: PlaintextMessage): Finding[] {
  const findings: Finding[] = [];
  const code = problemCode(message);
  const warned = problemCode(warning);
  if (code !== undefined && !code.startsWith('e.')) findings.push({ requirement: 'PROB-010', message: `the escalation's code ${JSON.stringify(code)} does not begin with "e."` });
  if (code !== undefined && warned !== undefined && scopeBreadth(code.split('.')[1]) < scopeBreadth(warned.split('.')[1])) {
    findings.push({ requirement: 'PROB-010', message: `scope "${code.split('.')[1]}" is narrower than the warning's "${warned.split('.')[1]}"` });
  }
  if (message.id === warning.id) findings.push({ requirement: 'PROB-010', message: 'the escalation reuses the warning\'s id' });
  findings.push(...checkReplyThread(message, warning, 'PROB-010'));
  return findings;
}
