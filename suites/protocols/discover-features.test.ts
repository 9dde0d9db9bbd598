/**
 * Discover features 2.0 in both roles: the responder discloses on the queries' thread, for `*`, for a
 * specific match, and for the non-protocol feature types (goal-code, header); the requester's queries.
 * @module
 */
import { conformanceCase, must } from '../../src/runner/case.js';
import { buildQueries, DISCLOSE, DISCOVER_FEATURES_PIURI, disclosuresOf, matchesFeature, QUERIES } from '../../src/didcomm/protocols/discover-features-2.0/discover-features.js';
import { checkReplyThread } from '../../src/didcomm/protocols/message.js';
import { PROBLEM_REPORT } from '../../src/didcomm/protocols/report-problem-2.0/report-problem.js';
import { adapterIdentity, live, mustHaveNoFindings, mustSee, needsHttp, waitReceived, WAIT_MS } from './live.js';

const needs = needsHttp(DISCOVER_FEATURES_PIURI);

conformanceCase({
  id: 'protocols.responder.discover-features', title: 'discloses features threaded to the query; claimed protocols are disclosed',
  requirements: ['PROTO-DF-004', 'PROTO-DF-003', 'PROTO-DF-005'], profiles: ['protocols'], role: 'receiver', needs,
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  const queries = buildQueries([{ 'feature-type': 'protocol', match: '*' }, { 'feature-type': 'x-unknown-type', match: '*' }], { from: me.did, to: [them] });
  await agent.send(queries, { to: them });
  const disclose = await agent.inbox.waitForMessage(DISCLOSE, WAIT_MS);
  mustSee(disclose, 'PROTO-DF-004', 'a disclose');
  mustHaveNoFindings(checkReplyThread(disclose.message!, queries, 'PROTO-DF-004'), 'the disclose');
  const disclosures = disclosuresOf(disclose.message!);
  // Declared vs disclosed: a protocol describe claims but the agent does not disclose is a finding.
  const disclosed = new Set(disclosures.filter((d) => d['feature-type'] === 'protocol').map((d) => d.id));
  const undisclosed = ctx.capabilities.protocols.filter((p) => !disclosed.has(p));
  ctx.note(undisclosed.length === 0, 'PROTO-DF-005', `claimed in describe but not disclosed: ${undisclosed.join(', ')}`);
  const unclaimed = [...disclosed].filter((p) => !ctx.capabilities.protocols.includes(p));
  ctx.note(unclaimed.length === 0, 'PROTO-DF-005', `disclosed but not claimed in describe: ${unclaimed.join(', ')}`);
}));

conformanceCase({
  id: 'protocols.responder.discover-features-match', title: 'a query with a specific match discloses the matching protocol and nothing outside the match',
  requirements: ['PROTO-DF-002', 'PROTO-DF-004', 'PROTO-DF-005'], profiles: ['protocols'], role: 'receiver', needs,
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  const match = 'https://didcomm.org/discover-features/2.*';
  const queries = buildQueries([{ 'feature-type': 'protocol', match }], { from: me.did, to: [them] });
  await agent.send(queries, { to: them });
  const disclose = await agent.inbox.waitForMessage(DISCLOSE, WAIT_MS);
  mustSee(disclose, 'PROTO-DF-004', 'a disclose');
  mustHaveNoFindings(checkReplyThread(disclose.message!, queries, 'PROTO-DF-004'), 'the disclose');
  const disclosures = disclosuresOf(disclose.message!);
  // The agent speaks discover-features 2.0 (it just answered); privacy may still hide it (PROTO-DF-005).
  ctx.note(disclosures.some((d) => d['feature-type'] === 'protocol' && d.id === DISCOVER_FEATURES_PIURI), 'PROTO-DF-005', `${DISCOVER_FEATURES_PIURI} is not disclosed for match ${match}`);
  const outside = disclosures.filter((d) => d['feature-type'] !== 'protocol' || !matchesFeature(match, d.id));
  must(outside.length === 0, 'PROTO-DF-002', `disclosed outside the query ${match}: ${outside.map((d) => `${d['feature-type']} ${d.id}`).join(', ')}`);
}));

conformanceCase({
  id: 'protocols.responder.discover-features-goal-code-header', title: 'goal-code and header queries are recognized: a disclose of those feature types only, no problem report',
  requirements: ['PROTO-DF-003', 'PROTO-DF-004'], profiles: ['protocols'], role: 'receiver', needs,
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  const queries = buildQueries([{ 'feature-type': 'goal-code', match: '*' }, { 'feature-type': 'header', match: '*' }], { from: me.did, to: [them] });
  await agent.send(queries, { to: them });
  const answer = await agent.inbox.waitFor((r) => r.message?.type === DISCLOSE || r.message?.type === PROBLEM_REPORT, WAIT_MS);
  mustSee(answer, 'PROTO-DF-003', 'a disclose for goal-code and header queries');
  must(answer.message!.type === DISCLOSE, 'PROTO-DF-003', `goal-code/header queries were answered with ${answer.message!.type}`);
  mustHaveNoFindings(checkReplyThread(answer.message!, queries, 'PROTO-DF-004'), 'the disclose');
  const disclosures = disclosuresOf(answer.message!);
  const other = disclosures.filter((d) => d['feature-type'] !== 'goal-code' && d['feature-type'] !== 'header');
  must(other.length === 0, 'PROTO-DF-004', `disclosed feature types nobody asked for: ${other.map((d) => `${d['feature-type']} ${d.id}`).join(', ')}`);
}));

conformanceCase({
  id: 'protocols.requester.discover-features', title: 'sends queries with hyphenated feature-type and match',
  requirements: ['PROTO-DF-002', 'PROTO-DF-001'], profiles: ['protocols'], role: 'sender', needs,
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  await ctx.call('protocol', { piuri: DISCOVER_FEATURES_PIURI, action: 'queries', from: them, to: me.did, args: { queries: [{ 'feature-type': 'protocol', match: 'https://didcomm.org/trust-ping/2.*' }] } });
  const queries = await agent.inbox.waitForMessage(QUERIES, WAIT_MS);
  // The schema has checked the query objects (hyphenated feature-type, match: PROTO-DF-002).
  mustSee(queries, 'PROTO-DF-002', 'queries');
}));

conformanceCase({
  id: 'protocols.requester.discover-features-goal-code', title: 'sends a goal-code query as asked',
  requirements: ['PROTO-DF-002', 'PROTO-DF-003'], profiles: ['protocols'], role: 'sender', needs,
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  const asked = [{ 'feature-type': 'goal-code', match: 'org.didcomm.*' }];
  await ctx.call('protocol', { piuri: DISCOVER_FEATURES_PIURI, action: 'queries', from: them, to: me.did, args: { queries: asked } });
  const queries = await agent.inbox.waitForMessage(QUERIES, WAIT_MS);
  mustSee(queries, 'PROTO-DF-002', 'queries');
  const sent = (queries.message!.body as { queries?: unknown }).queries;
  must(JSON.stringify(sent) === JSON.stringify(asked), 'PROTO-DF-002', `the goal-code query was sent as ${JSON.stringify(sent)}`);
  const answered = await waitReceived(ctx, (m) => m['type'] === DISCLOSE && m['thid'] === queries.message!.id);
  must(answered, 'PROTO-DF-004', 'the adapter endpoint did not receive the harness disclose');
}));
