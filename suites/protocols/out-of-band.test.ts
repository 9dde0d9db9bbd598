/**
 * Out-of-band 2.0 in both roles. Inviter: the `_oob` URL holds a valid invitation and a reply to it (pthid =
 * its id) is answered. Invitee: URLs with unpadded and padded base64url, with other query parameters, and an
 * invitation with attached requests in preference order, a short `_oobid` URL served on loopback
 * (PROTO-OOB-001..003, -005).
 * @module
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { conformanceCase, must } from '../../src/runner/case.js';
import { buildPing, PING_RESPONSE } from '../../src/didcomm/protocols/trust-ping-2.0/trust-ping.js';
import { buildQueries } from '../../src/didcomm/protocols/discover-features-2.0/discover-features.js';
import { buildInvitation, invitationUrl, OUT_OF_BAND_PIURI, parseInvitationUrl, requestAttachment, validateInvitationReply } from '../../src/didcomm/protocols/out-of-band-2.0/out-of-band.js';
import type { PlaintextMessage } from '../../src/didcomm/types.js';
import { newMessageId } from '../../src/didcomm/protocols/message.js';
import { adapterIdentity, live, mustConform, mustHaveNoFindings, mustSee, needsHttp, QUIET_MS, WAIT_MS } from './live.js';

const needs = needsHttp(OUT_OF_BAND_PIURI);

/** base64url of the invitation JSON, without padding (the spec's form) or with it; fails the harness if it cannot. */
function encoded(invitation: PlaintextMessage, padded: boolean): string {
  const unpadded = Buffer.from(JSON.stringify(invitation)).toString('base64url');
  const padding = '='.repeat((4 - (unpadded.length % 4)) % 4);
  if (unpadded.includes('=') || (padded && padding === '')) throw new Error('harness: the invitation does not encode as wanted');
  return padded ? unpadded + padding : unpadded;
}

/** An invitation from `from` whose base64url needs padding, so the padded URL really differs from the unpadded one. */
function invitationNeedingPadding(from: string, extra: Parameters<typeof buildInvitation>[1] = {}): PlaintextMessage {
  for (let n = 0; n < 3; n++) {
    const invitation = buildInvitation(from, { goal_code: 'conformance.test', goal: `conformance test${'.'.repeat(n)}`, ...extra });
    if (Buffer.from(JSON.stringify(invitation)).toString('base64url').length % 4 !== 0) return invitation;
  }
  throw new Error('harness: no invitation needing base64 padding');
}

conformanceCase({
  id: 'protocols.inviter.out-of-band', title: 'an invitation URL (_oob) holds a valid invitation; the reply with pthid = its id is answered',
  requirements: ['PROTO-OOB-001', 'PROTO-OOB-003', 'PROTO-OOB-002', 'THR-003'], profiles: ['protocols'], role: 'sender', needs,
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  const result = await ctx.call('protocol', { piuri: OUT_OF_BAND_PIURI, action: 'invitation', from: them });
  const url = String(result.output?.['url'] ?? '');
  must(/[?&]_oob=/.test(url), 'PROTO-OOB-003', `the invitation URL has no _oob parameter: ${url}`);
  must(!/\s/.test(url), 'PROTO-OOB-003', 'the invitation URL holds whitespace');
  const invitation = parseInvitationUrl(url);
  mustConform(invitation, 'the invitation');
  const json = Buffer.from(new URL(url).searchParams.get('_oob')!.replace(/=+$/, ''), 'base64url').toString('utf8');
  ctx.should(json === JSON.stringify(JSON.parse(json)), 'PROTO-OOB-003', 'the encoded invitation JSON keeps whitespace (it should be removed to keep the URL short)');
  const ping = buildPing({ from: me.did, to: [invitation.from!], pthid: invitation.id });
  await agent.send(ping, { to: invitation.from! });
  const response = await agent.inbox.waitForMessage(PING_RESPONSE, WAIT_MS, { thid: ping.id });
  mustSee(response, 'PROTO-OOB-002', 'an answer to the invitation reply');
}));

const urlForms = [
  { slug: '', what: 'with unpadded base64url (the spec form)', url: (oob: string) => `https://example.org/invite?_oob=${oob}`, padded: false },
  { slug: '-padded', what: 'with padded base64url', url: (oob: string) => `https://example.org/invite?_oob=${oob}`, padded: true },
  { slug: '-extra-params', what: 'with other query parameters around _oob', url: (oob: string) => `https://example.org/p/invite?lang=en&_oob=${oob}&coupon=conformance`, padded: false },
];

for (const form of urlForms) {
  conformanceCase({
    id: `protocols.invitee.out-of-band${form.slug}`, title: `accepts an invitation URL ${form.what}; the reply's pthid is the invitation id`,
    requirements: ['PROTO-OOB-002', 'PROTO-OOB-003', 'THR-003'], profiles: ['protocols'], role: 'receiver', needs,
  }, (ctx) => live(ctx, async ({ agent, me }) => {
    const them = await adapterIdentity(ctx);
    const invitation = invitationNeedingPadding(me.did);
    const url = form.url(encoded(invitation, form.padded));
    await ctx.call('protocol', { piuri: OUT_OF_BAND_PIURI, action: 'accept', from: them, args: { url } });
    const reply = await agent.inbox.waitFor((r) => r.message?.from === them, WAIT_MS);
    mustSee(reply, 'PROTO-OOB-002', `a reply to the invitation (${url.length} character URL ${form.what})`);
    mustHaveNoFindings(validateInvitationReply(reply.message!, invitation), 'the reply');
  }));
}

conformanceCase({
  id: 'protocols.invitee.out-of-band-attachments', title: 'an invitation with attached requests: the reply has pthid = invitation id and answers one request only',
  requirements: ['PROTO-OOB-001', 'PROTO-OOB-002', 'THR-003'], profiles: ['protocols'], role: 'receiver', needs,
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  // Alternatives in preference order (PROTO-OOB-001): a ping first, discover-features queries second.
  const ping = buildPing({ from: me.did });
  const queries = buildQueries([{ 'feature-type': 'protocol', match: '*' }], { from: me.did });
  const invitation = buildInvitation(me.did, { goal_code: 'conformance.attachments', accept: ['didcomm/v2'] }, [requestAttachment('request-0', ping), requestAttachment('request-1', queries)]);
  const url = `https://example.org/invite?_oob=${encoded(invitation, false)}`;
  await ctx.call('protocol', { piuri: OUT_OF_BAND_PIURI, action: 'accept', from: them, args: { url } });
  const reply = await agent.inbox.waitFor((r) => r.message?.from === them, WAIT_MS);
  mustSee(reply, 'PROTO-OOB-002', 'a reply to the invitation');
  mustHaveNoFindings(validateInvitationReply(reply.message!, invitation), 'the reply');
  const answered = [ping.id, queries.id].filter((id) => reply.message!.thid === id);
  ctx.should(answered.length === 1, 'PROTO-OOB-001', `the reply (${reply.message!.type}, thid ${String(reply.message!.thid)}) answers none of the attached requests`);
  ctx.should(reply.message!.thid !== queries.id, 'PROTO-OOB-001', 'the second alternative was chosen over the first (attachments are in order of preference)');
  const another = await agent.inbox.waitFor((r) => r.seq > reply.seq && r.message?.from === them && r.message.pthid === invitation.id && r.message.thid !== reply.message!.thid, QUIET_MS);
  ctx.should(another === undefined, 'PROTO-OOB-001', 'more than one attached alternative was acted upon (only one should be)');
}));

conformanceCase({
  id: 'protocols.invitee.out-of-band-short-url', title: 'a short invitation URL (_oobid) is fetched with an HTTP GET; the reply\'s pthid is the invitation id',
  requirements: ['PROTO-OOB-005', 'PROTO-OOB-002'], profiles: ['protocols'], role: 'receiver', needs,
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  const invitation = buildInvitation(me.did, { goal_code: 'conformance.short-url' });
  const oobid = newMessageId();
  // The sender's short-URL service, on loopback: the GET is redirected to the full _oob URL (the spec's
  // "redirection event"; the answer format is otherwise unspecified, AMB-14).
  const gets: string[] = [];
  const server = createServer((req, res) => {
    gets.push(`${req.method} ${req.url}`);
    if (req.method === 'GET' && new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('_oobid') === oobid) res.writeHead(302, { location: invitationUrl(invitation, 'https://example.org/invite') }).end();
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/i?_oobid=${oobid}`;
    await ctx.call('protocol', { piuri: OUT_OF_BAND_PIURI, action: 'accept', from: them, args: { url } });
    const reply = await agent.inbox.waitFor((r) => r.message?.from === them, WAIT_MS);
    ctx.note(gets.some((g) => g.startsWith('GET ') && g.includes(oobid)), 'PROTO-OOB-005', `no HTTP GET of the short URL was seen (requests: ${gets.join(', ') || 'none'})`);
    ctx.note(reply !== undefined, 'PROTO-OOB-005', 'no reply to the invitation behind the short URL');
    if (reply) mustHaveNoFindings(validateInvitationReply(reply.message!, invitation), 'the reply');
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}));
