/**
 * What Identus's Mercury really packs, found by round trips through it: two fresh did:peer:2 identities,
 * one message authcrypted (with a sender) and one anoncrypted (without), each unpacked again by Mercury.
 * An envelope is claimed only when the round trip gives back the message id and sender; its algorithms
 * are read from the protected header Mercury wrote, never assumed.
 * @module
 */
import { Domain } from '@hyperledger/identus-sdk';
import type { Algorithm, Capabilities, EnvelopeKind } from '../../src/adapter/protocol/v1/types.generated.js';
import { BASICMESSAGE_PIURI, IdentusAgent, REPORT_PROBLEM_PIURI } from './agent.js';

const ROUTING_PIURI = 'https://didcomm.org/routing/2.0';

function protectedHeader(packed: string): Record<string, unknown> {
  const jwe = JSON.parse(packed) as { protected: string };
  return JSON.parse(Buffer.from(jwe.protected, 'base64url').toString('utf8')) as Record<string, unknown>;
}

export async function probeCapabilities(): Promise<Capabilities> {
  const identus = await IdentusAgent.create('http://127.0.0.1:9/unused');
  const [alice, bob] = [await identus.agent.createNewPeerDID([], false), await identus.agent.createNewPeerDID([], false)];
  const envelopes: EnvelopeKind[] = [];
  const algorithms = new Set<Algorithm>();
  for (const [envelope, sender] of [['authcrypt', alice], ['anoncrypt', undefined]] as const) {
    try {
      const message = new Domain.Message({ probe: envelope }, undefined, `${BASICMESSAGE_PIURI}/message`, sender, bob);
      const packed = await identus.agent.mercury.packMessage(message);
      const back = await identus.agent.mercury.unpackMessage(packed);
      const header = protectedHeader(packed);
      if (back.id !== message.id || back.from?.toString() !== sender?.toString()) throw new Error('the unpacked message differs');
      if (header['epk'] && (header['epk'] as { crv?: string }).crv !== 'X25519') throw new Error(`epk on ${String((header['epk'] as { crv?: string }).crv)}`);
      envelopes.push(envelope);
      algorithms.add(header['alg'] as Algorithm).add(header['enc'] as Algorithm);
    } catch (error) {
      console.error(`identus adapter: ${envelope} round trip through Mercury failed, not claimed: ${String(error)}`);
    }
  }
  return {
    envelopes,
    algorithms: algorithms.size > 0 ? { X25519: [...algorithms] } : {},
    didMethods: ['peer:2'],
    // Sent by the SDK's BasicMessage and ProblemReport classes; forwards are wrapped by Mercury (DID endpoints).
    protocols: [BASICMESSAGE_PIURI, REPORT_PROBLEM_PIURI, ROUTING_PIURI],
    transports: ['http'],
    // No receiver role: Identus has no inbound transport of its own (the SDK InboundEndpoint in handlers.ts).
    roles: ['sender'],
  };
}
