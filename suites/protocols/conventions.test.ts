/**
 * Conventions an agent's protocol messages follow beyond one protocol's shape: a problem report's comment is
 * tied to its code, not to the occasion (PROB-005); the features it discloses are named as the spec names
 * them (PIURI-001 protocols, GOAL-001 goal codes, by the disclose schema; PIURI-005 PIURIs that can lead to
 * documentation); an out-of-band invitation carries nothing private (PROTO-OOB-006).
 * @module
 */
import { conformanceCase, Inconclusive, must } from '../../src/runner/case.js';
import { buildMessage } from '../../src/didcomm/protocols/message.js';
import { bodyOf } from '../../src/didcomm/protocols/message.js';
import { PROBLEM_REPORT, problemCode, REPORT_PROBLEM_PIURI } from '../../src/didcomm/protocols/report-problem-2.0/report-problem.js';
import { buildQueries, DISCLOSE, DISCOVER_FEATURES_PIURI, disclosuresOf } from '../../src/didcomm/protocols/discover-features-2.0/discover-features.js';
import { OUT_OF_BAND_PIURI, parseInvitationUrl } from '../../src/didcomm/protocols/out-of-band-2.0/out-of-band.js';
import { PRIVATE_JWK_MEMBERS } from '../../src/adapter/transcript.js';
import { adapterIdentity, controlSee, live, mustConform, mustSee, needsHttp, WAIT_MS } from './live.js';
import { buildPing, PING_RESPONSE } from '../../src/didcomm/protocols/trust-ping-2.0/trust-ping.js';

conformanceCase({
  id: 'protocols.notifier.report-problem-comment-static', title: 'two messages of different unknown types get reports with the same code and the same comment; what differs goes in args',
  requirements: ['PROB-005', 'PROB-004'], profiles: ['protocols'], role: 'receiver', needs: needsHttp(REPORT_PROBLEM_PIURI),
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  const reports = [];
  for (const type of ['https://didcomm.org/trust-ping/3.0/ping', 'https://didcomm.org/basicmessage/9.0/message']) {
    const offending = buildMessage(type, {}, { from: me.did, to: [them] });
    await agent.send(offending, { to: them });
    const report = await agent.inbox.waitForMessage(PROBLEM_REPORT, WAIT_MS, { pthid: offending.id });
    mustSee(report, 'PROB-004', `a problem report about ${type}`);
    reports.push(report.message!);
  }
  const [first, second] = reports as [typeof reports[0], typeof reports[0]];
  const comments = reports.map((r) => bodyOf(r)['comment']);
  if (problemCode(first) !== problemCode(second) || comments.some((c) => c === undefined)) {
    throw new Inconclusive(`the two reports (codes ${problemCode(first)} and ${problemCode(second)}) do not share a code with a comment, so nothing ties a comment to its code here`);
  }
  must(comments[0] === comments[1], 'PROB-005', `the comments of two ${problemCode(first)} reports differ (${JSON.stringify(comments[0])} vs ${JSON.stringify(comments[1])}): a comment is statically associated with its code; details go in args`);
}));

conformanceCase({
  id: 'protocols.responder.discover-features-identifiers', title: 'disclosed protocols are PIURIs (http(s) URLs leading to their documentation), disclosed goal codes use reverse-domain prefixes',
  requirements: ['PIURI-001', 'GOAL-001', 'PIURI-005'], profiles: ['protocols'], role: 'receiver', needs: needsHttp(DISCOVER_FEATURES_PIURI),
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  const queries = buildQueries([{ 'feature-type': 'protocol', match: '*' }, { 'feature-type': 'goal-code', match: '*' }], { from: me.did, to: [them] });
  await agent.send(queries, { to: them });
  const disclose = await agent.inbox.waitForMessage(DISCLOSE, WAIT_MS, { thid: queries.id });
  // The disclose schema holds protocol ids to the PIURI grammar (PIURI-001) and goal codes to reverse-domain names (GOAL-001).
  mustSee(disclose, 'PIURI-001', 'a disclose');
  const protocols = disclosuresOf(disclose.message!).filter((d) => d['feature-type'] === 'protocol').map((d) => d.id);
  const unresolvable = protocols.filter((id) => !/^https?:\/\//.test(id));
  ctx.should(unresolvable.length === 0, 'PIURI-005', `PIURIs that cannot resolve to documentation (not http(s) URLs): ${unresolvable.join(', ')}`);
}));

/** JSON pointers of private key members (a JWK's `d`, …) or members named like secrets anywhere in `value`. */
function privateMembers(value: unknown, at = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => privateMembers(item, `${at}/${i}`));
  if (typeof value !== 'object' || value === null) return [];
  const isJwk = typeof (value as { kty?: unknown }).kty === 'string';
  return Object.entries(value).flatMap(([key, member]) => [
    ...((isJwk && PRIVATE_JWK_MEMBERS.has(key)) || /private|secret|seed|mnemonic/i.test(key) ? [`${at}/${key}`] : []),
    ...privateMembers(member, `${at}/${key}`),
  ]);
}

conformanceCase({
  id: 'protocols.inviter.out-of-band-no-private-data', title: 'an invitation (unencrypted, in a URL) carries no private key material or secret',
  requirements: ['PROTO-OOB-006', 'PROTO-OOB-001'], profiles: ['protocols'], role: 'sender', needs: needsHttp(OUT_OF_BAND_PIURI),
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  const result = await ctx.call('protocol', { piuri: OUT_OF_BAND_PIURI, action: 'invitation', from: them });
  const invitation = parseInvitationUrl(String(result.output?.['url'] ?? ''));
  mustConform(invitation, 'the invitation');
  const leaks = privateMembers(invitation);
  must(leaks.length === 0, 'PROTO-OOB-006', `the invitation, readable by anyone who sees the URL, carries ${leaks.join(', ')}`);
  // The DID it names is the one to talk to over the secure channel: a ping on the invitation's thread reaches it.
  const ping = buildPing({ from: me.did, to: [invitation.from!], pthid: invitation.id });
  await agent.send(ping, { to: invitation.from! });
  controlSee(await agent.inbox.waitForMessage(PING_RESPONSE, WAIT_MS, { thid: ping.id }), 'an answer to a ping on the invitation\'s thread');
}));
