/**
 * Report problem 2.0 in both roles. Notifier: a report about an unknown type (child thread, ack, code
 * grammar), a report the agent is asked to send, the escalation of a received warning (PROB-010).
 * Notified: a report sent to the agent is taken and never answered with a report about it (no cascade).
 * @module
 */
import { conformanceCase, Inconclusive, must } from '../../src/runner/case.js';
import { buildProblemReport, checkProblemThread, PROBLEM_REPORT, REPORT_PROBLEM_PIURI, problemCode, problemReportAcks, validateEscalation } from '../../src/didcomm/protocols/report-problem-2.0/report-problem.js';
import { buildMessage } from '../../src/didcomm/protocols/message.js';
import type { PlaintextMessage } from '../../src/didcomm/types.js';
import type { CaseContext } from '../../src/runner/case.js';
import { adapterIdentity, live, mustHaveNoFindings, mustSee, needsHttp, QUIET_MS, waitReceived, WAIT_MS } from './live.js';

const needs = needsHttp(REPORT_PROBLEM_PIURI);

/** PROB-008: a code SHOULD carry at least one descriptor after sorter and scope. */
function shouldHaveDescriptor(ctx: CaseContext, report: PlaintextMessage): void {
  const code = problemCode(report) ?? '';
  ctx.should(code.split('.').length >= 3, 'PROB-008', `code ${JSON.stringify(code)} has no descriptor after sorter and scope`);
}

conformanceCase({
  id: 'protocols.notifier.report-problem-unknown-type', title: 'reports an unknown message type with a problem report on a child thread',
  requirements: ['PROB-002', 'PROB-004', 'PROB-008', 'PROB-003'], profiles: ['protocols'], role: 'receiver', needs,
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  const offending = buildMessage('https://didcomm.org/trust-ping/3.0/ping', {}, { from: me.did, to: [them], thid: 'conformance-thread-1' });
  await agent.send(offending, { to: them });
  const report = await agent.inbox.waitForMessage(PROBLEM_REPORT, WAIT_MS);
  mustSee(report, 'PROB-001', 'a problem report for trust-ping 3.0 (PITFALLS 25)');
  mustHaveNoFindings(checkProblemThread(report.message!, offending), 'the problem report');
  ctx.should(problemReportAcks(report.message!, offending.id), 'PROB-003', 'the report does not "ack" the offending message');
  ctx.should(problemCode(report.message!)?.startsWith('e.'), 'PROB-008', `code ${String(problemCode(report.message!))} is not an error`);
  shouldHaveDescriptor(ctx, report.message!);
}));

conformanceCase({
  id: 'protocols.notifier.report-problem-sent', title: 'a problem report the agent is asked to send has the code (grammar checked) and the pthid',
  requirements: ['PROB-002', 'PROB-004', 'PROB-008'], profiles: ['protocols'], role: 'sender', needs,
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  const code = 'e.p.xfer.cant-use-endpoint';
  await ctx.call('protocol', { piuri: REPORT_PROBLEM_PIURI, action: 'problem-report', from: them, to: me.did, args: { code, pthid: 'conformance-parent' } });
  const report = await agent.inbox.waitForMessage(PROBLEM_REPORT, WAIT_MS);
  mustSee(report, 'PROB-001', 'a problem report');
  // The schema has checked pthid, the code and its sorter.scope.descriptor grammar (PROB-002, -004, -008).
  mustHaveNoFindings(checkProblemThread(report.message!, { id: 'conformance-parent' }), 'the problem report');
  must(problemCode(report.message!) === code, 'PROB-004', `the code sent is ${JSON.stringify(problemCode(report.message!))}, not ${code}`);
  shouldHaveDescriptor(ctx, report.message!);
}));

conformanceCase({
  id: 'protocols.notifier.report-problem-escalate', title: 'escalating a received w.* warning: e.* code, scope not narrowed, new id, on the warning\'s thread',
  requirements: ['PROB-010', 'PROB-008', 'PROB-002'], profiles: ['protocols'], role: 'sender', needs,
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  const warning = buildProblemReport('w.p.xfer.slow-endpoint', undefined, [], { from: me.did, to: [them], pthid: 'conformance-parent' });
  await agent.send(warning, { to: them });
  if (!(await waitReceived(ctx, (m) => m['id'] === warning.id))) throw new Inconclusive('the adapter did not report receiving the warning to escalate');
  await ctx.call('protocol', { piuri: REPORT_PROBLEM_PIURI, action: 'escalate', from: them, to: me.did, args: { report_id: warning.id } });
  const escalation = await agent.inbox.waitForMessage(PROBLEM_REPORT, WAIT_MS);
  mustSee(escalation, 'PROB-010', 'the escalation (a problem report)');
  mustHaveNoFindings(validateEscalation(escalation.message!, warning), 'the escalation');
  ctx.should(escalation.message!.pthid === warning.pthid, 'PROB-010', `pthid ${JSON.stringify(escalation.message!.pthid)} differs from the warning's ${warning.pthid} (the escalation looks like the warning but for code and id)`);
}));

conformanceCase({
  id: 'protocols.notified.report-problem', title: 'takes a problem report and does not answer it with a problem report about it (no cascade)',
  requirements: ['PROB-011', 'PROB-001', 'TRANS-003'], profiles: ['protocols'], role: 'receiver', needs,
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  const report = buildProblemReport('e.p.xfer.cant-use-endpoint', undefined, ['https://example.org/gone'], { from: me.did, to: [them], pthid: 'conformance-parent' });
  const sent = await agent.send(report, { to: them });
  must(sent.status >= 200 && sent.status < 300, 'TRANS-003', `the problem report was answered ${sent.status}`);
  const taken = await waitReceived(ctx, (m) => m['id'] === report.id);
  mustSee(taken, 'PROB-001', 'the problem report among what the adapter received');
  ctx.note(taken.message['pthid'] === 'conformance-parent' && JSON.stringify(taken.message['body']) === JSON.stringify(report.body), 'PROB-001', `the report was taken as ${JSON.stringify(taken.message)}`);
  // §6.2.3: reports about reports are how cascades start; the notified party answers none about this one.
  const cascade = await agent.inbox.waitFor((r) => r.message?.type === PROBLEM_REPORT
    && (r.message.pthid === report.id || r.message.thid === report.id || problemReportAcks(r.message, report.id)), QUIET_MS);
  ctx.should(cascade === undefined, 'PROB-011', `a problem report (${String(cascade && problemCode(cascade.message!))}) answered the problem report: the start of a cascade`);
}));
