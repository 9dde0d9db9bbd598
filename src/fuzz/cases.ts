/**
 * The agent fuzzer's inputs: its corpus of valid messages addressed to Bob (every SICPA-key-set vector both
 * readings accept, plus the recipes the fuzzer can re-pack), and for each case a plan drawn from the seed
 * alone — a base and one to three named steps (recipe mutations before packing, byte mutations after) —
 * built into the exact bytes. A plan fully determines its bytes, so a case replays from its plan.
 * @module
 */
import { createHash } from 'node:crypto';
import type { PlaintextMessage, UnpackResult } from '../didcomm/types.js';
import { expectationFor as vectorExpectation, loadVectorCases } from '../vectors/expectations.js';
import { vectorInput } from '../vectors/verify.js';
import { MUTATORS, prng, type Mutator } from './mutators.js';
import { expectationFor } from './oracle.js';
import { buildRecipe, type Recipe } from './recipe.js';
import { LIVE_RECIPES, RECIPES } from './recipe-corpus.js';
import { RECIPE_MUTATORS, recipeMutator } from './recipe-mutators.js';
import { WIRE_MUTATORS } from './wire-mutators.js';
import type { FuzzMode } from './campaign-options.js';

/** A valid message the fuzzer mutates: its bytes, what the reference unpacks from them, its recipe if any. */
export interface Base {
  id: string;
  text: string;
  reference: UnpackResult;
  recipe?: Recipe;
}

/** One step of a plan: a mutator by name and the seed of its own random choices. */
export interface Step {
  kind: 'recipe' | 'wire';
  mutator: string;
  seed: number;
}

export interface CasePlan {
  /** The case's index from the campaign's seed (case i of seed S). */
  index: number;
  base: string;
  steps: Step[];
  /**
   * Live mode: what the message `id` is made from (before the recipe steps), so each delivery is answered on
   * its own thread and a late answer to one case is never taken for the next one's.
   */
  nonce?: string;
}

export type { FuzzMode } from './campaign-options.js';

/** The base of that id (a plan always names one of the corpus). */
export function baseOf(bases: readonly Base[], id: string): Base {
  const base = bases.find((b) => b.id === id);
  if (!base) throw new Error(`the fuzz corpus has no base ${id}`);
  return base;
}

/** Every byte mutator: the reference fuzzer's and the well-formed ones. */
export const ALL_WIRE_MUTATORS: readonly Mutator[] = [...MUTATORS, ...WIRE_MUTATORS];

export function wireMutator(name: string): Mutator | undefined {
  return ALL_WIRE_MUTATORS.find((mutator) => mutator.name === name);
}

/** A 32-bit seed from text (so case i of seed S never coincides with case i+1 of seed S-1). */
export function seedOf(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0);
}

const corpora = new Map<FuzzMode, Promise<Base[]>>();

/**
 * The corpus: SICPA-key-set vectors of v2.1 that both readings accept, without forwards (peeling forwards
 * is the mediator suites' subject), and every recipe, packed once with a pinned seed. Live mode: the recipes
 * carrying a trust ping (LIVE_RECIPES), the only messages whose acceptance the agent shows on the wire.
 */
export function loadBases(mode: FuzzMode = 'envelope-kinds'): Promise<Base[]> {
  const cached = corpora.get(mode);
  if (cached) return cached;
  const corpus = (async () => {
    const bases: Base[] = [];
    const add = async (id: string, text: string, recipe?: Recipe): Promise<void> => {
      const expectation = await expectationFor(text);
      if ((expectation.kind === 'must-accept' || expectation.kind === 'open') && expectation.result) {
        if (expectation.result.metadata.layers.some((layer) => layer.kind === 'forward')) return;
        bases.push({ id, text, reference: expectation.result, ...(recipe ? { recipe } : {}) });
      }
    };
    if (mode === 'live') {
      for (const [id, recipe] of Object.entries(LIVE_RECIPES)) await add(id, await buildRecipe(recipe, `didcomm-conformance/fuzz/base/${id}`), recipe);
      return bases;
    }
    for (const vector of loadVectorCases()) {
      if (vector.keys !== 'sicpa' || vector.specVersion === '2.0' || vector.input.as === 'from-prior-jwt') continue;
      if (vectorExpectation(vector, 'strict').outcome !== 'accept' || vectorExpectation(vector, 'lenient').outcome !== 'accept') continue;
      await add(vector.id, vectorInput(vector));
    }
    for (const [id, recipe] of Object.entries(RECIPES)) await add(id, await buildRecipe(recipe, `didcomm-conformance/fuzz/base/${id}`), recipe);
    return bases;
  })();
  corpora.set(mode, corpus);
  return corpus;
}

/** The envelope stack of a base, outermost first (`anoncrypt>signed`), the unit `--mode envelope-kinds` spreads cases over. */
export function envelopeKindOf(base: Base): string {
  return base.reference.metadata.layers.filter((layer) => layer.kind !== 'plaintext').map((layer) => layer.kind).join('>') || 'plaintext';
}

/**
 * The plan of case `index` of a campaign seeded `seed`, over `bases` (the ones the adapters asked can take):
 * an envelope kind first, evenly, then a base of that kind, so twelve plaintext vectors do not outweigh the
 * one anoncrypt(authcrypt) base.
 */
export function planCase(seed: number, index: number, bases: readonly Base[], mode: FuzzMode = 'envelope-kinds'): CasePlan {
  const random = prng(seedOf(`${seed}/${index}`));
  const kinds = [...new Set(bases.map(envelopeKindOf))].sort();
  const kind = kinds[Math.floor(random() * kinds.length)]!;
  const ofKind = bases.filter((b) => envelopeKindOf(b) === kind);
  const base = ofKind[Math.floor(random() * ofKind.length)]!;
  const count = 1 + Math.floor(random() * 3);
  const steps: Step[] = [];
  for (let i = 0; i < count; i++) {
    const recipe = base.recipe !== undefined && random() < 0.5;
    const pool = recipe ? RECIPE_MUTATORS : ALL_WIRE_MUTATORS;
    steps.push({ kind: recipe ? 'recipe' : 'wire', mutator: pool[Math.floor(random() * pool.length)]!.name, seed: Math.floor(random() * 2 ** 31) });
  }
  return { index, base: base.id, steps, ...(mode === 'live' ? { nonce: `${seed}/${index}` } : {}) };
}

/** The message id a live nonce gives (a UUID-like hex string, as agents expect of ids). */
export function nonceId(nonce: string): string {
  return createHash('sha256').update(`didcomm-conformance/fuzz/live/${nonce}`).digest('hex').slice(0, 32);
}

/** What a plan builds: the bytes, the authentic bytes before any byte mutation, the steps that changed something. */
export interface BuiltInput {
  text: string;
  authentic: string;
  applied: Step[];
  /** The plaintext the recipe packed (after its steps): what a live answer is threaded to. */
  message?: PlaintextMessage;
}

/** The bytes of a plan (a step that does not apply is dropped from `applied`). */
export async function buildInput(plan: Pick<CasePlan, 'base' | 'steps' | 'nonce'>, bases: readonly Base[]): Promise<BuiltInput> {
  const base = bases.find((b) => b.id === plan.base);
  if (!base) throw new Error(`the fuzz corpus has no base ${plan.base}`);
  const applied: Step[] = [];
  let text = base.text;
  let message = base.recipe?.message;
  const recipeSteps = plan.steps.filter((step) => step.kind === 'recipe');
  if (base.recipe && (recipeSteps.length > 0 || plan.nonce !== undefined)) {
    const recipe = structuredClone(base.recipe);
    if (plan.nonce !== undefined) recipe.message.id = nonceId(plan.nonce);
    message = recipe.message;
    for (const step of recipeSteps) {
      const mutator = recipeMutator(step.mutator);
      if (!mutator) throw new Error(`no recipe mutator ${step.mutator}`);
      if (mutator.apply(recipe, prng(step.seed))) applied.push(step);
    }
    // The packing randomness follows from the base and the steps, so a shrunk plan re-packs the same way.
    if (applied.length > 0 || plan.nonce !== undefined) {
      text = await buildRecipe(recipe, `didcomm-conformance/fuzz/case/${plan.base}/${JSON.stringify(applied)}${plan.nonce === undefined ? '' : `/${plan.nonce}`}`);
    }
  }
  const authentic = text;
  for (const step of plan.steps.filter((s) => s.kind === 'wire')) {
    const mutator = wireMutator(step.mutator);
    if (!mutator) throw new Error(`no byte mutator ${step.mutator}`);
    const next = mutator.apply(text, prng(step.seed));
    if (next !== undefined && next !== text) {
      text = next;
      applied.push(step);
    }
  }
  return { text, authentic, applied, ...(message ? { message } : {}) };
}

/** A plan in words, e.g. `recipe/authcrypt-x25519 + sender-swap + recipient-reorder`. */
export function describePlan(plan: Pick<CasePlan, 'base' | 'steps'>): string {
  return [plan.base, ...plan.steps.map((step) => step.mutator)].join(' + ');
}
