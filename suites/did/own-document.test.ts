/**
 * The agent's own DID documents, for every DID method it claims: the harness asks for an identity of each
 * (peer:2 and peer:4 with a DIDComm service on the agent's endpoint, peer:0 and key without one), resolves
 * it with the reference resolver and checks what it finds (SVC-001..003 services, KEYS-001..002 key
 * relationships and method types, PEER-002..003 did:peer:2 encoding and resolution); then the agent uses an
 * identity of each method for a real message. did:web comes from a document the harness serves on loopback.
 * @module
 */
import { check, conformanceCase, must } from '../../src/runner/case.js';
import { checkOwnDidDocument, type DocumentFinding } from '../../src/did/own-document.js';
import { createDidResolver } from '../../src/did/resolver.js';
import { didOf, keyIdsFor } from '../../src/did/document.js';
import { PING, TRUST_PING_PIURI } from '../../src/didcomm/protocols/trust-ping-2.0/trust-ping.js';
import type { RequirementId } from '../../src/spec/requirements.js';
import { live, mustSee, WAIT_MS } from '../protocols/live.js';
import { mustBeAsAsked } from '../_support/asked.js';

/** Fails under the first finding, naming its JSON pointer into the document. */
function mustHaveNoDocumentFindings(findings: readonly DocumentFinding[], did: string): void {
  const first = findings[0];
  if (first) check(false, first.requirement, `the DID document of ${did}: ${findings.map((f) => `${f.requirement} at ${f.pointer}: ${f.message}`).join('; ')}`);
}

interface MethodCase {
  method: 'peer:2' | 'peer:4' | 'peer:0' | 'key';
  /** Created with a DIDComm service on the agent's endpoint (the methods that can carry one). */
  service: boolean;
  requirements: [RequirementId, ...RequirementId[]];
}

const METHODS: MethodCase[] = [
  { method: 'peer:2', service: true, requirements: ['SVC-001', 'SVC-002', 'SVC-003', 'KEYS-001', 'KEYS-002', 'PEER-002', 'PEER-003'] },
  { method: 'peer:4', service: true, requirements: ['SVC-001', 'SVC-002', 'SVC-003', 'KEYS-001', 'KEYS-002'] },
  { method: 'peer:0', service: false, requirements: ['KEYS-001', 'KEYS-002'] },
  { method: 'key', service: false, requirements: ['KEYS-001', 'KEYS-002'] },
];

const slug = (method: string) => method.replace(':', '-');

for (const { method, service, requirements } of METHODS) {
  conformanceCase({
    id: `did.receiver.own-document-${slug(method)}`, title: `a did:${method} it creates${service ? ' with a DIDComm service on its endpoint' : ''} resolves to a document with the services and keys DIDComm needs`,
    requirements, profiles: ['core'], role: 'receiver', needs: { didMethods: [method], ...(service ? { transports: ['http'] as const } : {}) },
  }, async (ctx) => {
    await ctx.call('reset', {});
    const { did, didDocument } = await ctx.call('createIdentity', { didMethod: method, ...(service ? { endpoint: 'self:http' } : {}) });
    mustBeAsAsked(did.startsWith(`did:${method}`), `createIdentity was asked for a did:${method} and made ${did}`);
    mustHaveNoDocumentFindings(await checkOwnDidDocument(did, { returned: didDocument, resolver: createDidResolver({ examples: false }), expectService: service }), did);
  });

  conformanceCase({
    id: `did.sender.uses-${slug(method)}`, title: `sends an authcrypted ping from a did:${method} it created, with that DID's keyAgreement key`,
    requirements: ['KEYS-001', 'ENV-PLAIN-008', 'PROTO-PING-001'], profiles: ['core'], role: 'sender',
    needs: { didMethods: [method], protocols: [TRUST_PING_PIURI], transports: ['http'] },
  }, (ctx) => live(ctx, async ({ agent, me }) => {
    const { did } = await ctx.call('createIdentity', { didMethod: method, ...(service ? { endpoint: 'self:http' } : {}) });
    // Without a service the answer can only come back on the request (return_route); with one, to its endpoint.
    await ctx.call('protocol', { piuri: TRUST_PING_PIURI, action: 'ping', from: did, to: me.did, args: service ? {} : { return_route: 'all' } });
    const ping = await agent.inbox.waitForMessage(PING, WAIT_MS);
    mustSee(ping, 'PROTO-PING-001', `a ping from the did:${method}`);
    const senderKid = ping.metadata?.senderKid;
    must(ping.metadata?.authenticated && senderKid !== undefined && didOf(senderKid) === ping.message!.from, 'ENV-PLAIN-008', `the ping from ${String(ping.message!.from)} was not authcrypted by a key of that DID (sender key ${String(senderKid)})`);
    // From another DID of the agent's, consistently: no rule broken, but not the DID the case asked it to use.
    mustBeAsAsked(ping.message!.from === did, `protocol was asked to ping from the did:${method} ${did} and pinged from ${String(ping.message!.from)}`);
    const agreement = keyIdsFor(await agent.keys.resolver.resolve(did), 'keyAgreement');
    must(agreement.includes(senderKid), 'KEYS-001', `the sender key ${senderKid} is not a keyAgreement key of ${did}`);
  }));
}

conformanceCase({
  id: 'did.receiver.routed-service', title: 'a did:peer:2 created with a mediator DID as endpoint and a routing key: the service carries both as given',
  requirements: ['SVC-002', 'SVC-003', 'PEER-002'], profiles: ['routing'], role: 'receiver', needs: { didMethods: ['peer:2'] },
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const routingKey = keyIdsFor(me.didDocument, 'keyAgreement')[0]!;
  const { did, didDocument } = await ctx.call('createIdentity', { didMethod: 'peer:2', endpoint: me.did, routingKeys: [routingKey] });
  mustHaveNoDocumentFindings(await checkOwnDidDocument(did, { returned: didDocument, resolver: createDidResolver({ examples: false }), expectService: true }), did);
  const resolved = await agent.keys.resolver.resolve(did);
  const endpoint = JSON.stringify(resolved.service?.[0]?.serviceEndpoint ?? null);
  must(endpoint.includes(JSON.stringify(me.did)) && endpoint.includes(JSON.stringify(routingKey)), 'SVC-003', `the service endpoint ${endpoint} does not name the mediator DID ${me.did} as uri with routing key ${routingKey}`);
}));
