/**
 * Media types (spec §2): the `typ` of each layer an agent emits and the media type its pack reports
 * (ENV-MT-001/003/004), short forms without `application/` (ENV-MT-005), and every `typ` vector.
 * @module
 */
import { conformanceCase, must, type MustId } from '../../src/runner/case.js';
import type { CaseNeeds } from '../../src/runner/applicability.js';
import type { EnvelopeKind } from '../../src/adapter/protocol/v1/types.generated.js';
import { declareVectorCases } from '../_support/vector-runner.js';
import { ALICE, BOB, MEDIATOR1, message, packParams } from '../_support/wire.js';
import { setUpAgent } from '../_support/parties.js';
import { anoncryptNeeds, authcryptNeeds, signedNeeds } from '../_support/algorithms.js';

declareVectorCases('media-types');

const KINDS: Array<{ envelope: EnvelopeKind; mediaType: string; requirement: MustId; needs: CaseNeeds; from: string; extra: Record<string, unknown> }> = [
  { envelope: 'plaintext', mediaType: 'application/didcomm-plain+json', requirement: 'ENV-MT-001', needs: { envelopes: ['plaintext'] }, from: ALICE, extra: {} },
  { envelope: 'signed', mediaType: 'application/didcomm-signed+json', requirement: 'ENV-MT-003', needs: signedNeeds('EdDSA', 'Ed25519'), from: ALICE, extra: { signBy: 'did:example:alice#key-1' } },
  { envelope: 'anoncrypt', mediaType: 'application/didcomm-encrypted+json', requirement: 'ENV-MT-004', needs: anoncryptNeeds('X25519'), from: ALICE, extra: { curve: 'X25519', to: [BOB] } },
  { envelope: 'authcrypt', mediaType: 'application/didcomm-encrypted+json', requirement: 'ENV-MT-004', needs: authcryptNeeds('X25519'), from: MEDIATOR1, extra: { curve: 'X25519', from: MEDIATOR1, to: [BOB] } },
];

for (const kind of KINDS) {
  conformanceCase({
    id: `media-types.sender.${kind.envelope}`,
    title: `a ${kind.envelope} message carries ${kind.mediaType} where it names a type`,
    requirements: [kind.requirement, 'ENV-MT-005'],
    profiles: ['core'],
    role: 'sender',
    needs: kind.needs,
  }, async (ctx) => {
    await setUpAgent(ctx, 'sicpa', [kind.from]);
    const packed = await ctx.call('pack', packParams(kind.envelope, message(kind.from), kind.extra));
    must(packed.status === 'packed', kind.requirement, `the agent refused to pack ${kind.envelope}`);
    if (packed.mediaType !== undefined) must(packed.mediaType === kind.mediaType, kind.requirement, `pack reported ${packed.mediaType}`);
    const wire = JSON.parse(packed.packed) as Record<string, unknown>;
    const entry = Array.isArray(wire['signatures']) ? (wire['signatures'][0] as Record<string, unknown>) : wire;
    const typ = kind.envelope === 'plaintext' ? wire['typ'] : (JSON.parse(Buffer.from(String(entry['protected']), 'base64url').toString('utf8')) as Record<string, unknown>)['typ'];
    if (typ !== undefined) must(typ === kind.mediaType || `application/${String(typ)}` === kind.mediaType, kind.requirement, `"typ" is ${JSON.stringify(typ)}`);
  });
}
