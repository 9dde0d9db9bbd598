import { describe, expect, test } from 'vitest';
import type { FuzzTarget } from './agent.js';
import { loadBases } from './cases.js';
import { judge, type Answer } from './judge.js';
import { prng } from './mutators.js';
import { RECIPES } from './recipe-corpus.js';
import { recipeMutator } from './recipe-mutators.js';
import { shrinkFinding } from './shrink.js';
import { unpackMessage } from '../didcomm/envelope/unpack.js';
import { loadKeySet } from '../vectors/key-sets.js';

const CAPABILITIES = { envelopes: ['anoncrypt'], algorithms: { X25519: ['ECDH-ES+A256KW', 'A256CBC-HS512'] }, didMethods: ['example'], protocols: [], transports: [], roles: ['receiver'] } as never;

/** An agent that refuses any JWE whose recipients are not listed in sorted kid order (as an apv recomputed in list order does), else unpacks as the reference. */
const orderSensitive: FuzzTarget = {
  adapter: {} as never, name: 'order-sensitive', capabilities: CAPABILITIES, description: {} as never, trouble: { sessions: 1, restarts: 0 },
  async ask(text) {
    const kids = (JSON.parse(text) as { recipients: Array<{ header: { kid: string } }> }).recipients.map((r) => r.header.kid);
    if (kids.join() !== [...kids].sort().join()) return { answer: { status: 'rejected', code: 'apv', message: 'Invalid apv value' }, transcript: [] };
    const { message, metadata } = await unpackMessage(text, loadKeySet('sicpa'), { strict: false });
    return { answer: { status: 'accepted', message, metadata } as Answer, transcript: [] };
  },
  judge: (expectation, answer) => judge(expectation, answer, CAPABILITIES),
  confirm: async () => false,
  close: async () => undefined,
};

describe('shrinking a refusal of a valid message', () => {
  test('files it under the duty of the smallest input still refused, not the one duty its steps added', async () => {
    const bases = await loadBases();
    // A plaintext-typ step that writes "didcomm-plain+json" (ENV-MT-005, the duty the oracle files the refusal under).
    let seed = 0;
    for (;;) {
      const recipe = structuredClone(RECIPES['recipe/anoncrypt-x25519-a256cbc-hs512']!);
      recipeMutator('plaintext-typ')!.apply(recipe, prng(seed));
      if (recipe.message.typ === 'didcomm-plain+json') break;
      seed += 1;
    }
    const steps = [{ kind: 'recipe' as const, mutator: 'plaintext-typ', seed }, { kind: 'wire' as const, mutator: 'recipient-reorder', seed: 1 }];
    const shrunk = await shrinkFinding(orderSensitive, { name: 'order-sensitive', capabilities: CAPABILITIES } as never, bases, {
      requirement: 'ENV-MT-005', behaviour: 'rejects-valid', detail: '', count: 3, best: [{ index: 0, base: 'recipe/anoncrypt-x25519-a256cbc-hs512', steps, size: 0 }],
    });
    expect(shrunk.observation.steps.map((s) => s.mutator)).toEqual(['recipient-reorder']);
    expect(shrunk.requirement).toBe('ENC-ALG-003');
    expect(shrunk.reproduced).toBe(true);
  });
});
