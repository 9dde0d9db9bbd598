/**
 * Headers beside the protocols: the identifiers an agent emits (THR-001, ENV-PLAIN-003: unreserved URI
 * characters; LIM-001: at most 32 bytes, judged as a MUST like every identifier the harness receives; ENV-PLAIN-004:
 * one id per message), any
 * `web_redirect` it sends (PROTO-OOB-007, by the shared headers schema), trace requests refused by default
 * (PROB-014), and the problem code for a language it objects to (I18N-003).
 * @module
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { conformanceCase, must } from '../../src/runner/case.js';
import { buildPing, PING, PING_RESPONSE, TRUST_PING_PIURI } from '../../src/didcomm/protocols/trust-ping-2.0/trust-ping.js';
import { DISCOVER_FEATURES_PIURI } from '../../src/didcomm/protocols/discover-features-2.0/discover-features.js';
import { BASICMESSAGE_PIURI, buildBasicMessage } from '../../src/didcomm/protocols/basicmessage-2.0/basicmessage.js';
import { EMPTY_PIURI } from '../../src/didcomm/protocols/empty-1.0/empty.js';
import { PROBLEM_REPORT, problemCode } from '../../src/didcomm/protocols/report-problem-2.0/report-problem.js';
import { adapterIdentity, controlSee, live, mustSee, needsHttp, QUIET_MS, WAIT_MS } from './live.js';

const UNRESERVED = /^[A-Za-z0-9._~-]+$/;

conformanceCase({
  id: 'protocols.sender.identifiers', title: 'every id, thid and pthid the agent emits uses unreserved URI characters, within 32 bytes, and no id names two messages',
  requirements: ['THR-001', 'ENV-PLAIN-003', 'ENV-PLAIN-004', 'LIM-001', 'PROTO-OOB-007'], profiles: ['protocols'], role: 'sender',
  needs: needsHttp(TRUST_PING_PIURI, DISCOVER_FEATURES_PIURI, EMPTY_PIURI),
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  // A new thread, a request, a continued thread: the agent chooses the ids and threads of each.
  await ctx.call('protocol', { piuri: TRUST_PING_PIURI, action: 'ping', from: them, to: me.did });
  await ctx.call('protocol', { piuri: DISCOVER_FEATURES_PIURI, action: 'queries', from: them, to: me.did, args: { queries: [{ 'feature-type': 'protocol', match: '*' }] } });
  await ctx.call('protocol', { piuri: EMPTY_PIURI, action: 'empty', from: them, to: me.did, args: { please_ack: [''] } });
  await agent.inbox.waitFor((r) => r.message?.type === PING, WAIT_MS);
  await new Promise((r) => setTimeout(r, QUIET_MS));
  const sent = agent.inbox.records.filter((r) => r.message?.from === them);
  must(sent.length >= 3, 'THR-001', `the harness received ${sent.length} of the 3 messages asked for`);
  for (const record of sent) {
    // The shared headers schema holds id/thid/pthid to unreserved characters and any web_redirect to its shape.
    mustSee(record, 'THR-001', `a ${record.message!.type}`);
    for (const name of ['id', 'thid', 'pthid'] as const) {
      const value = record.message![name];
      if (value === undefined) continue;
      must(typeof value === 'string' && UNRESERVED.test(value), name === 'id' ? 'ENV-PLAIN-003' : 'THR-001', `"${name}" ${JSON.stringify(value)} uses characters outside the unreserved URI set`);
      must(Buffer.byteLength(value) <= 32, 'LIM-001', `"${name}" ${value} is ${Buffer.byteLength(value)} bytes; the spec says at most 32`);
    }
  }
  // ENV-PLAIN-004: an id names one message across every interaction the parties see. A transport retry may
  // repeat a message with its id, so only different messages (type or body) under one id break it.
  const byId = new Map<string, string>();
  for (const record of sent) {
    const { id, type, body } = record.message!;
    const content = JSON.stringify([type, body]);
    const seen = byId.get(String(id));
    must(seen === undefined || seen === content, 'ENV-PLAIN-004', `the agent used the id ${JSON.stringify(id)} for two different messages (${seen} and ${content.slice(0, 200)})`);
    byId.set(String(id), content);
  }
}));

conformanceCase({
  id: 'protocols.receiver.trace-refused-by-default', title: 'a ping with a trace header is answered, and no trace report is POSTed to the trace URI',
  requirements: ['PROB-014', 'ENV-PLAIN-017'], profiles: ['protocols'], role: 'receiver', needs: needsHttp(TRUST_PING_PIURI),
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  // Positive control: a ping without the header is answered, so silence below is about the header (ENV-PLAIN-017).
  const plain = buildPing({ from: me.did, to: [them] });
  await agent.send(plain, { to: them });
  controlSee(await agent.inbox.waitForMessage(PING_RESPONSE, WAIT_MS, { thid: plain.id }), 'a ping-response to a ping without a trace header');
  const traced: string[] = [];
  const collector = createServer((req, res) => {
    traced.push(`${req.method} ${req.url}`);
    req.resume();
    res.writeHead(202).end();
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  try {
    const ping = buildPing({ from: me.did, to: [them], trace: `http://127.0.0.1:${(collector.address() as AddressInfo).port}/trace` });
    await agent.send(ping, { to: them });
    const response = await agent.inbox.waitForMessage(PING_RESPONSE, WAIT_MS, { thid: ping.id });
    mustSee(response, 'ENV-PLAIN-017', 'a ping-response to a ping carrying a trace header (an unknown header must not make it fail)');
    await new Promise((r) => setTimeout(r, QUIET_MS));
    must(traced.length === 0, 'PROB-014', `the agent posted to the trace URI (${traced.join(', ')}): trace requests are refused by default`);
  } finally {
    collector.closeAllConnections();
    await new Promise((resolve) => collector.close(resolve));
  }
}));

conformanceCase({
  id: 'protocols.receiver.bad-lang', title: 'objecting to the language of a basic message, the agent reports w.msg.bad-lang or e.msg.bad-lang (reporting is optional)',
  requirements: ['I18N-003'], profiles: ['protocols'], role: 'receiver', needs: needsHttp(BASICMESSAGE_PIURI),
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  const message = buildBasicMessage('qwzx vlor pintak', { from: me.did, to: [them], lang: 'zz-Qqqq-bogus', 'accept-lang': ['en'] });
  await agent.send(message, { to: them });
  const report = await agent.inbox.waitFor((r) => r.message?.type === PROBLEM_REPORT && r.message.pthid === (message.thid ?? message.id), QUIET_MS * 2);
  const code = report ? problemCode(report.message!) ?? '' : '';
  if (report && /lang/.test(code)) must(code === 'w.msg.bad-lang' || code === 'e.msg.bad-lang', 'I18N-003', `a report about the language has code ${JSON.stringify(code)}; it must be w.msg.bad-lang (or e.msg.bad-lang when the language is vital)`);
}));
