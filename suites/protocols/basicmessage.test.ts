/**
 * Basic message 2.0 in both roles: the sender's message (content, created_time, lang), and the receiver
 * taking it as sent, from an authenticated sender, without a reply (the protocol has none).
 * @module
 */
import { conformanceCase, must } from '../../src/runner/case.js';
import { BASIC_MESSAGE, BASICMESSAGE_PIURI, buildBasicMessage } from '../../src/didcomm/protocols/basicmessage-2.0/basicmessage.js';
import { didOf } from '../../src/did/document.js';
import { adapterIdentity, live, mustSee, needsHttp, QUIET_MS, waitReceived, WAIT_MS } from './live.js';

const needs = needsHttp(BASICMESSAGE_PIURI);

conformanceCase({
  id: 'protocols.sender.basicmessage', title: 'sends a basic message with the content asked, created_time and lang (SHOULD)',
  requirements: ['PROTO-BM-001', 'PROTO-BM-002', 'ENV-NEST-002', 'I18N-002'], profiles: ['protocols'], role: 'sender', needs,
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  const content = 'hello, conformance — ünïcode ✓';
  await ctx.call('protocol', { piuri: BASICMESSAGE_PIURI, action: 'message', from: them, to: me.did, args: { content } });
  const got = await agent.inbox.waitForMessage(BASIC_MESSAGE, WAIT_MS);
  // The schema has checked content and created_time (PROTO-BM-001, -002).
  mustSee(got, 'PROTO-BM-001', 'a basic message');
  // No MUST says what a sender puts in body.content (PROTO-BM-001 is INFO): a difference is noted, not judged.
  ctx.note((got.message!.body as { content?: unknown }).content === content, 'PROTO-BM-001', `body.content is ${JSON.stringify((got.message!.body as { content?: unknown }).content)}, not the content asked for`);
  ctx.should(got.message!.from === them && got.metadata!.authenticated, 'ENV-NEST-002', 'the basic message is not authcrypted from the adapter DID (the default wrapping)');
  // `lang` is a SHOULD of the page (PROTO-BM-002) and of i18n for any message with human-readable text (I18N-002).
  ctx.should(typeof got.message!['lang'] === 'string', 'PROTO-BM-002', 'no "lang"');
  ctx.should(typeof got.message!['lang'] === 'string', 'I18N-002', 'a message with human-readable text and no "lang"');
}));

conformanceCase({
  id: 'protocols.receiver.basicmessage', title: 'takes a basic message as sent (same id, content, lang, authenticated sender) and sends no reply',
  requirements: ['PROTO-BM-001', 'TRANS-003', 'ENV-NEST-008'], profiles: ['protocols'], role: 'receiver', needs,
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  const message = buildBasicMessage('Bonjour, ça va ? ✓', { from: me.did, to: [them], lang: 'fr' });
  const sent = await agent.send(message, { to: them });
  must(sent.status >= 200 && sent.status < 300, 'TRANS-003', `answered ${sent.status}`);
  const taken = await waitReceived(ctx, (m) => m['id'] === message.id);
  mustSee(taken, 'PROTO-BM-001', 'the basic message among what the adapter received');
  const { message: got, metadata } = taken;
  for (const header of ['type', 'from', 'created_time', 'lang'] as const) {
    ctx.note(JSON.stringify(got[header]) === JSON.stringify(message[header]), 'PROTO-BM-001', `"${header}" was taken as ${JSON.stringify(got[header])}, sent as ${JSON.stringify(message[header])}`);
  }
  ctx.note(JSON.stringify(got['body']) === JSON.stringify(message.body), 'PROTO-BM-001', `the body was taken as ${JSON.stringify(got['body'])}`);
  must(metadata.authenticated && metadata.senderKid !== undefined && didOf(metadata.senderKid) === me.did, 'ENV-NEST-008', `the sender was not authenticated as ${me.did} (senderKid ${String(metadata.senderKid)})`);
  ctx.note((await agent.inbox.waitFor(() => true, QUIET_MS)) === undefined, 'PROTO-BM-001', 'a basic message got a reply (the protocol has none)');
}));
