/**
 * Two SHOULDs of a sender reaching an endpoint: it follows a 307 redirect (TRANS-005; only 307, a POST stays a
 * POST) and, when the recipient's service lists a profile it lacks before didcomm/v2, it falls back to the
 * common one instead of giving up (ENV-MT-009).
 * @module
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { conformanceCase } from '../../src/runner/case.js';
import { createIdentity } from '../../src/did/identity.js';
import { PING, TRUST_PING_PIURI } from '../../src/didcomm/protocols/trust-ping-2.0/trust-ping.js';
import { adapterIdentity, live, needsHttp, WAIT_MS } from '../protocols/live.js';

const needs = needsHttp(TRUST_PING_PIURI);

conformanceCase({
  id: 'transport.sender.follows-307', title: 'a POST answered 307 Temporary Redirect is repeated at the Location given',
  requirements: ['TRANS-005'], profiles: ['core'], role: 'sender', needs,
}, (ctx) => live(ctx, async ({ agent }) => {
  const them = await adapterIdentity(ctx);
  const seen: string[] = [];
  const redirector = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    req.resume();
    res.writeHead(307, { location: agent.httpUrl }).end();
  });
  await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
  try {
    const moved = await agent.createIdentity({ endpoint: `http://127.0.0.1:${(redirector.address() as AddressInfo).port}/moved` });
    await ctx.call('protocol', { piuri: TRUST_PING_PIURI, action: 'ping', from: them, to: moved.did });
    const ping = await agent.inbox.waitForMessage(PING, WAIT_MS);
    ctx.should(ping !== undefined, 'TRANS-005', seen.length === 0 ? 'the agent never posted to the endpoint that redirects' : `the agent did not repeat its POST at the 307 Location (${seen.length} request(s) to the redirecting endpoint)`);
  } finally {
    redirector.closeAllConnections();
    await new Promise((resolve) => redirector.close(resolve));
  }
}));

conformanceCase({
  id: 'transport.sender.profile-fallback', title: 'a service that prefers a profile before didcomm/v2 still gets a DIDComm v2 message (the common profile)',
  requirements: ['ENV-MT-009'], profiles: ['core'], role: 'sender', needs,
}, (ctx) => live(ctx, async ({ agent }) => {
  const them = await adapterIdentity(ctx);
  const picky = await createIdentity({ method: 'peer:2', endpoint: agent.httpUrl, accept: ['didcomm/aip2;env=rfc19', 'didcomm/v2'] });
  agent.adopt(picky);
  await ctx.call('protocol', { piuri: TRUST_PING_PIURI, action: 'ping', from: them, to: picky.did });
  const ping = await agent.inbox.waitForMessage(PING, WAIT_MS);
  ctx.should(ping !== undefined, 'ENV-MT-009', 'no DIDComm v2 message reached a service whose accept lists didcomm/aip2;env=rfc19 first and didcomm/v2 second');
}));
