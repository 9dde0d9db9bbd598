/**
 * did:web from a document the harness serves: the harness's DID is a did:web on a loopback port whose
 * document (JsonWebKey2020 keys, relationships by reference, a DIDComm service) it serves at the did:web URL,
 * over HTTP since it is loopback. The agent, claiming did:web, must resolve it and reach the service.
 * @module
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { conformanceCase, Inconclusive, must } from '../../src/runner/case.js';
import { isAdapterError } from '../../src/errors/adapter-error.js';
import { createWebIdentity, loopbackDidWeb } from '../../src/did/web-identity.js';
import { PING, TRUST_PING_PIURI } from '../../src/didcomm/protocols/trust-ping-2.0/trust-ping.js';
import { adapterIdentity, live, mustSee, WAIT_MS } from '../protocols/live.js';

conformanceCase({
  id: 'did.sender.resolves-did-web', title: 'resolves a did:web the harness serves (keyAgreement by reference to a JsonWebKey2020 method) and sends to its DIDComm service',
  requirements: ['KEYS-002', 'SVC-002', 'ENC-JWE-006'], profiles: ['core'], role: 'sender',
  needs: { didMethods: ['web'], protocols: [TRUST_PING_PIURI], transports: ['http'] },
}, (ctx) => live(ctx, async ({ agent }) => {
  const them = await adapterIdentity(ctx);
  const fetched: string[] = [];
  let document = '';
  const server = createServer((req: IncomingMessage, res) => {
    fetched.push(`${req.method} ${req.url}`);
    if (req.method === 'GET' && req.url === '/.well-known/did.json') res.writeHead(200, { 'content-type': 'application/did+json' }).end(document);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const web = await createWebIdentity(loopbackDidWeb((server.address() as AddressInfo).port), agent.httpUrl);
    document = JSON.stringify(web.didDocument);
    agent.adopt(web);
    let refused: string | undefined;
    try {
      // No response asked: the harness's answer would come from the did:web after this case closes the server
      // that serves its document, and the agent could not resolve its sender (a 400 in the transcript).
      await ctx.call('protocol', { piuri: TRUST_PING_PIURI, action: 'ping', from: them, to: web.did, args: { response_requested: false } });
    } catch (error) {
      if (!isAdapterError(error) || error.code !== 'ERR_ADAPTER_METHOD_FAILED') throw error;
      refused = error.message;
    }
    const ping = await agent.inbox.waitForMessage(PING, WAIT_MS);
    if (!ping && !fetched.some((f) => f.startsWith('GET /.well-known/did.json'))) {
      throw new Inconclusive(`the agent never fetched http://127.0.0.1:…/.well-known/did.json${refused ? ` (${refused})` : ''}: its did:web resolver may refuse loopback HTTP, which the harness cannot serve as HTTPS`);
    }
    mustSee(ping, 'KEYS-002', `a ping to ${web.did} after the agent fetched its document${refused ? ` (the adapter said: ${refused})` : ''}`);
    must(ping.metadata?.recipientKids.every((kid) => web.didDocument.keyAgreement!.includes(kid)), 'ENC-JWE-006', `the ping is encrypted for ${ping.metadata?.recipientKids.join(', ')}, not the keyAgreement key the document names by reference`);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}));
