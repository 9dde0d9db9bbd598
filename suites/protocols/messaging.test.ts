/**
 * didcomm.org protocols in both roles, judged on the wire: trust ping 2.0, discover features 2.0, basic
 * message 2.0, report problem 2.0, empty 1.0 with ACKs, out-of-band 2.0, expires_time.
 * @module
 */
import { conformanceCase, must } from '../../src/runner/case.js';
import { buildPing, PING, PING_RESPONSE, TRUST_PING_PIURI, validatePing, validatePingResponse } from '../../src/didcomm/protocols/trust-ping-2.0/trust-ping.js';
import { buildQueries, DISCLOSE, DISCOVER_FEATURES_PIURI, QUERIES, validateDisclose, validateQueries } from '../../src/didcomm/protocols/discover-features-2.0/discover-features.js';
import { BASIC_MESSAGE, BASICMESSAGE_PIURI, buildBasicMessage, validateBasicMessage } from '../../src/didcomm/protocols/basicmessage-2.0/basicmessage.js';
import { PROBLEM_REPORT, REPORT_PROBLEM_PIURI, problemCode, problemReportAcks, validateProblemReport } from '../../src/didcomm/protocols/report-problem-2.0/report-problem.js';
import { buildEmpty, EMPTY, EMPTY_PIURI, validateAck } from '../../src/didcomm/protocols/empty-1.0/empty.js';
import { buildInvitation, invitationUrl, OUT_OF_BAND_PIURI, parseInvitationUrl, validateInvitation, validateInvitationReply } from '../../src/didcomm/protocols/out-of-band-2.0/out-of-band.js';
import { buildMessage } from '../../src/didcomm/protocols/message.js';
import { adapterIdentity, live, mustHaveNoFindings, mustSee, QUIET_MS, WAIT_MS } from './live.js';

const needs = (piuri: string) => ({ protocols: [piuri], transports: ['http' as const] });

conformanceCase({
  id: 'protocols.receiver.trust-ping', title: 'answers a ping with a ping-response threaded to it',
  requirements: ['PROTO-PING-002', 'THR-004', 'PROTO-PING-003'], profiles: ['protocols'], role: 'receiver', needs: needs(TRUST_PING_PIURI),
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  const ping = buildPing({ from: me.did, to: [them] });
  await agent.send(ping, { to: them });
  const response = await agent.inbox.waitForMessage(PING_RESPONSE, WAIT_MS);
  mustSee(response, 'PROTO-PING-002', 'a ping-response');
  mustHaveNoFindings(validatePingResponse(response.message!, ping), 'the ping-response');
  must(response.metadata?.encrypted, 'PROTO-PING-003', 'the ping-response was not encrypted');
}));

conformanceCase({
  id: 'protocols.receiver.trust-ping-no-response', title: 'sends no ping-response when response_requested is false',
  requirements: ['PROTO-PING-002'], profiles: ['protocols'], role: 'receiver', needs: needs(TRUST_PING_PIURI),
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  const ping = buildPing({ from: me.did, to: [them] }, false);
  const sent = await agent.send(ping, { to: them });
  must(sent.status >= 200 && sent.status < 300, 'TRANS-003', `the ping was answered ${sent.status}`);
  const response = await agent.inbox.waitForMessage(PING_RESPONSE, QUIET_MS);
  must(response === undefined, 'PROTO-PING-002', 'a ping-response came though response_requested was false');
}));

conformanceCase({
  id: 'protocols.receiver.trust-ping-minor-version', title: 'understands trust-ping/2.1/ping (a minor bump)',
  requirements: ['PIURI-003', 'PIURI-004'], profiles: ['protocols'], role: 'receiver', needs: needs(TRUST_PING_PIURI),
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  const ping = buildMessage('https://didcomm.org/trust-ping/2.1/ping', { response_requested: true }, { from: me.did, to: [them] });
  await agent.send(ping, { to: them });
  const response = await agent.inbox.waitFor((r) => r.message?.thid === ping.id, WAIT_MS);
  ctx.should(response?.message?.type.startsWith('https://didcomm.org/trust-ping/2.'), 'PIURI-003', 'no trust-ping response to a 2.1 ping (PITFALLS 25)');
}));

conformanceCase({
  id: 'protocols.sender.trust-ping', title: 'sends a well-formed ping and takes the response',
  requirements: ['PROTO-PING-001', 'ENV-PLAIN-001'], profiles: ['protocols'], role: 'sender', needs: needs(TRUST_PING_PIURI),
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  await ctx.call('protocol', { piuri: TRUST_PING_PIURI, action: 'ping', from: them, to: me.did });
  const ping = await agent.inbox.waitForMessage(PING, WAIT_MS);
  mustSee(ping, 'PROTO-PING-001', 'a ping');
  mustHaveNoFindings(validatePing(ping.message!), 'the ping');
  must(ping.message!.from === them, 'PROTO-PING-003', 'the ping names no sender to answer');
  const received = await waitReceived(ctx, PING_RESPONSE);
  must(received, 'PROTO-PING-002', 'the adapter endpoint did not receive the harness ping-response');
}));

conformanceCase({
  id: 'protocols.responder.discover-features', title: 'discloses features threaded to the query; claimed protocols are disclosed',
  requirements: ['PROTO-DF-004', 'PROTO-DF-003', 'PROTO-DF-005'], profiles: ['protocols'], role: 'receiver', needs: needs(DISCOVER_FEATURES_PIURI),
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  const queries = buildQueries([{ 'feature-type': 'protocol', match: '*' }, { 'feature-type': 'x-unknown-type', match: '*' }], { from: me.did, to: [them] });
  await agent.send(queries, { to: them });
  const disclose = await agent.inbox.waitForMessage(DISCLOSE, WAIT_MS);
  mustSee(disclose, 'PROTO-DF-004', 'a disclose');
  const { findings, disclosures } = validateDisclose(disclose.message!, queries);
  mustHaveNoFindings(findings, 'the disclose');
  // Declared vs disclosed: a protocol describe claims but the agent does not disclose is a finding.
  const disclosed = new Set(disclosures.filter((d) => d['feature-type'] === 'protocol').map((d) => d.id));
  const undisclosed = ctx.capabilities.protocols.filter((p) => !disclosed.has(p));
  ctx.should(undisclosed.length === 0, 'PROTO-DF-005', `claimed in describe but not disclosed: ${undisclosed.join(', ')}`);
  const unclaimed = [...disclosed].filter((p) => !ctx.capabilities.protocols.includes(p));
  ctx.should(unclaimed.length === 0, 'PROTO-DF-005', `disclosed but not claimed in describe: ${unclaimed.join(', ')}`);
}));

conformanceCase({
  id: 'protocols.requester.discover-features', title: 'sends queries with hyphenated feature-type and match',
  requirements: ['PROTO-DF-002', 'PROTO-DF-001'], profiles: ['protocols'], role: 'sender', needs: needs(DISCOVER_FEATURES_PIURI),
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  await ctx.call('protocol', { piuri: DISCOVER_FEATURES_PIURI, action: 'queries', from: them, to: me.did, args: { queries: [{ 'feature-type': 'protocol', match: 'https://didcomm.org/trust-ping/2.*' }] } });
  const queries = await agent.inbox.waitForMessage(QUERIES, WAIT_MS);
  mustSee(queries, 'PROTO-DF-002', 'queries');
  mustHaveNoFindings(validateQueries(queries.message!), 'the queries');
}));

conformanceCase({
  id: 'protocols.sender.basicmessage', title: 'sends a basic message with content and created_time (lang SHOULD)',
  requirements: ['PROTO-BM-001', 'PROTO-BM-002'], profiles: ['protocols'], role: 'sender', needs: needs(BASICMESSAGE_PIURI),
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  await ctx.call('protocol', { piuri: BASICMESSAGE_PIURI, action: 'message', from: them, to: me.did, args: { content: 'hello' } });
  const got = await agent.inbox.waitForMessage(BASIC_MESSAGE, WAIT_MS);
  mustSee(got, 'PROTO-BM-001', 'a basic message');
  const { findings, should } = validateBasicMessage(got.message!);
  mustHaveNoFindings(findings, 'the basic message');
  ctx.should(should.length === 0, 'PROTO-BM-002', 'no "lang"');
}));

conformanceCase({
  id: 'protocols.receiver.basicmessage', title: 'takes a basic message (2xx, recorded, no reply)',
  requirements: ['PROTO-BM-001', 'TRANS-003'], profiles: ['protocols'], role: 'receiver', needs: needs(BASICMESSAGE_PIURI),
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  const message = buildBasicMessage('hi there', { from: me.did, to: [them] });
  const sent = await agent.send(message, { to: them });
  must(sent.status >= 200 && sent.status < 300, 'TRANS-003', `answered ${sent.status}`);
  must(await waitReceived(ctx, BASIC_MESSAGE, message.id), 'PROTO-BM-001', 'the basic message is not among what the adapter received');
  must((await agent.inbox.waitFor(() => true, QUIET_MS)) === undefined, 'PROTO-BM-001', 'a basic message got a reply (the protocol has none)');
}));

conformanceCase({
  id: 'protocols.notifier.report-problem-unknown-type', title: 'reports an unknown message type with a problem report on a child thread',
  requirements: ['PROB-002', 'PROB-004', 'PROB-008', 'PROB-003'], profiles: ['protocols'], role: 'receiver', needs: needs(REPORT_PROBLEM_PIURI),
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  const offending = buildMessage('https://didcomm.org/trust-ping/3.0/ping', {}, { from: me.did, to: [them], thid: 'conformance-thread-1' });
  await agent.send(offending, { to: them });
  const report = await agent.inbox.waitForMessage(PROBLEM_REPORT, WAIT_MS);
  mustSee(report, 'PROB-001', 'a problem report for trust-ping 3.0 (PITFALLS 25)');
  mustHaveNoFindings(validateProblemReport(report.message!, offending), 'the problem report');
  ctx.should(problemReportAcks(report.message!, offending.id), 'PROB-003', 'the report does not "ack" the offending message');
  ctx.should(problemCode(report.message!)?.startsWith('e.'), 'PROB-008', `code ${String(problemCode(report.message!))} is not an error`);
}));

conformanceCase({
  id: 'protocols.notifier.report-problem-sent', title: 'a problem report the agent sends has code and pthid',
  requirements: ['PROB-002', 'PROB-004', 'PROB-008'], profiles: ['protocols'], role: 'sender', needs: needs(REPORT_PROBLEM_PIURI),
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  await ctx.call('protocol', { piuri: REPORT_PROBLEM_PIURI, action: 'problem-report', from: them, to: me.did, args: { code: 'e.p.xfer.cant-use-endpoint', pthid: 'conformance-parent' } });
  const report = await agent.inbox.waitForMessage(PROBLEM_REPORT, WAIT_MS);
  mustSee(report, 'PROB-001', 'a problem report');
  mustHaveNoFindings(validateProblemReport(report.message!, { id: 'conformance-parent' }), 'the problem report');
}));

conformanceCase({
  id: 'protocols.receiver.empty-please-ack', title: 'acknowledges please_ack [""] on an empty message with a pure ACK, without asking for one',
  requirements: ['ACK-002', 'ACK-003', 'ACK-004', 'PROTO-EMPTY-001'], profiles: ['protocols'], role: 'receiver', needs: needs(EMPTY_PIURI),
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  const empty = buildEmpty({ from: me.did, to: [them], please_ack: [''] });
  await agent.send(empty, { to: them });
  const ack = await agent.inbox.waitFor((r) => Array.isArray(r.message?.['ack']), WAIT_MS);
  mustSee(ack, 'ACK-002', 'an ACK');
  mustHaveNoFindings(validateAck(ack.message!, [empty.id]), 'the ACK');
  ctx.should(ack.message!.type === EMPTY, 'ACK-004', `the pure ACK is a ${ack.message!.type}, not an empty message`);
}));

conformanceCase({
  id: 'protocols.receiver.expired', title: 'an expired ping is not answered as if valid; e.p.req.time is the report to send',
  requirements: ['TIME-001', 'TIME-002'], profiles: ['protocols'], role: 'receiver', needs: needs(TRUST_PING_PIURI),
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  const ping = buildPing({ from: me.did, to: [them], created_time: 1_600_000_000, expires_time: 1_600_000_060 });
  await agent.send(ping, { to: them });
  const answer = await agent.inbox.waitFor((r) => r.message !== undefined, WAIT_MS);
  ctx.should(answer?.message?.type === PROBLEM_REPORT && problemCode(answer.message)?.startsWith('e.p.req.time'), 'TIME-002', `answer to an expired ping: ${answer?.message?.type ?? 'none'} (PITFALLS 24: informational)`);
}));

conformanceCase({
  id: 'protocols.inviter.out-of-band', title: 'an invitation URL (_oob) holds a valid invitation; the reply with pthid = its id is answered',
  requirements: ['PROTO-OOB-001', 'PROTO-OOB-003', 'PROTO-OOB-002', 'THR-003'], profiles: ['protocols'], role: 'sender', needs: needs(OUT_OF_BAND_PIURI),
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  const result = await ctx.call('protocol', { piuri: OUT_OF_BAND_PIURI, action: 'invitation', from: them });
  const url = String(result.output?.['url'] ?? '');
  must(/[?&]_oob=/.test(url), 'PROTO-OOB-003', `the invitation URL has no _oob parameter: ${url}`);
  must(!/\s/.test(url), 'PROTO-OOB-003', 'the invitation URL holds whitespace');
  const invitation = parseInvitationUrl(url);
  mustHaveNoFindings(validateInvitation(invitation), 'the invitation');
  const ping = buildPing({ from: me.did, to: [invitation.from!], pthid: invitation.id });
  await agent.send(ping, { to: invitation.from! });
  const response = await agent.inbox.waitForMessage(PING_RESPONSE, WAIT_MS, { thid: ping.id });
  mustSee(response, 'PROTO-OOB-002', 'an answer to the invitation reply');
}));

for (const padded of [false, true]) {
  conformanceCase({
    id: `protocols.invitee.out-of-band${padded ? '-padded' : ''}`, title: `accepts an invitation URL${padded ? ' with padded base64url' : ''}; the reply's pthid is the invitation id`,
    requirements: ['PROTO-OOB-002', 'PROTO-OOB-003', 'THR-003'], profiles: ['protocols'], role: 'receiver', needs: needs(OUT_OF_BAND_PIURI),
  }, (ctx) => live(ctx, async ({ agent, me }) => {
    const them = await adapterIdentity(ctx);
    const invitation = buildInvitation(me.did, { goal_code: 'conformance.test' });
    let url = invitationUrl(invitation, 'https://example.org/invite');
    if (padded) url += '='.repeat((4 - (new URL(url).searchParams.get('_oob')!.length % 4)) % 4 || 0);
    await ctx.call('protocol', { piuri: OUT_OF_BAND_PIURI, action: 'accept', from: them, args: { url } });
    const reply = await agent.inbox.waitFor((r) => r.message?.from === them, WAIT_MS);
    mustSee(reply, 'PROTO-OOB-002', 'a reply to the invitation');
    mustHaveNoFindings(validateInvitationReply(reply.message!, invitation), 'the reply');
  }));
}

/** Whether the adapter's endpoint recorded a message of `type` (optionally with `id`) within the wait. */
async function waitReceived(ctx: Parameters<Parameters<typeof conformanceCase>[1]>[0], type: string, id?: string): Promise<boolean> {
  const deadline = Date.now() + WAIT_MS;
  while (Date.now() < deadline) {
    const { messages } = await ctx.call('received', {});
    if (messages.some((m) => m.unpacked?.status === 'accepted' && m.unpacked.message['type'] === type && (id === undefined || m.unpacked.message['id'] === id))) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}
