/**
 * Candidate vectors from fuzz findings, in the layout of vectors/ so that promoting one after review is a
 * copy: `fuzz/<slug>.json` (the exact bytes under `message`, the plaintext under `plaintext` for a positive)
 * and its entry for `expectations/fuzz.json`. A finding that accepted what a receiver must reject becomes a
 * negative (the reference's lenient and strict refusals); one that refused, altered or misreported a valid
 * message becomes a positive (layers, plaintext, sender and signer kids as the reference unpacked them).
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unpackMessage } from '../didcomm/envelope/unpack.js';
import { isDidcommError } from '../errors/didcomm-error.js';
import { loadKeySet } from '../vectors/key-sets.js';
import { loadVectorCases, type AcceptExpectation, type Expectation, type VectorCase } from '../vectors/expectations.js';
import { describePlan } from './cases.js';
import type { ShrunkFinding } from './shrink.js';

type Entry = Omit<VectorCase, 'source'>;
type Layer = NonNullable<AcceptExpectation['layers']>[number];

async function reading(text: string, strict: boolean): Promise<Expectation | undefined> {
  try {
    const result = await unpackMessage(text, loadKeySet('sicpa'), { strict });
    return {
      outcome: 'accept',
      layers: result.metadata.layers.map((layer) => layer.kind as Layer),
      ...(result.metadata.senderKid ? { senderKid: result.metadata.senderKid } : {}),
      ...(result.metadata.signerKid ? { signerKid: result.metadata.signerKid } : {}),
      ...(result.metadata.warnings.length > 0 ? { warnings: result.metadata.warnings.map((w) => w.requirement) } : {}),
    };
  } catch (error) {
    return isDidcommError(error) && error.requirement ? { outcome: 'reject', code: error.code, requirement: error.requirement } : undefined;
  }
}

/** The slug of a finding's candidate: `<adapter>-<behaviour>-<requirement>`. */
export function candidateSlug(finding: Pick<ShrunkFinding, 'adapter' | 'behaviour' | 'requirement'>): string {
  return `${finding.adapter}-${finding.behaviour}-${finding.requirement}`.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

/**
 * Writes the candidate of `finding` under `dir` (`fuzz/<slug>.json`, `expectations/fuzz-<slug>.json` with one
 * entry); returns the data file's path relative to `dir`, or undefined when the reference has no settled
 * reading to put in an expectation (it crashed, or refused without naming a rule).
 */
export async function writeCandidate(dir: string, finding: ShrunkFinding): Promise<string | undefined> {
  const { observation } = finding;
  const lenient = await reading(observation.text, false);
  const strict = await reading(observation.text, true);
  if (!lenient || !strict) return undefined;
  const slug = candidateSlug(finding);
  const file = `fuzz/${slug}.json`;
  const positive = lenient.outcome === 'accept';
  const plaintext = positive ? (await unpackMessage(observation.text, loadKeySet('sicpa'), { strict: false })).message : undefined;
  const expect: Expectation = positive && lenient.outcome === 'accept' ? { ...lenient, plaintext: { file, key: 'plaintext' } } : lenient;
  const vectorBase = loadVectorCases().some((vector) => vector.id === observation.base) ? observation.base : undefined;
  const entry: Entry = {
    id: `fuzz/${slug}`,
    input: { file, key: 'message' },
    keys: 'sicpa',
    requirements: [finding.requirement as Entry['requirements'][number]],
    ...(vectorBase && !positive ? { base: vectorBase } : {}),
    ...(!positive ? { mutation: describePlan(observation).split(' + ').slice(1).join(' + ') } : {}),
    expect,
    ...(JSON.stringify(strict) !== JSON.stringify(lenient) ? { strict: strict.outcome === 'accept' && positive ? { ...strict, plaintext: { file, key: 'plaintext' } } : strict } : {}),
    note: `found by the agent fuzzer against ${finding.adapter} (${finding.behaviour}, ${finding.requirement}); plan ${describePlan(observation)}; review before promoting`,
  };
  mkdirSync(join(dir, 'fuzz'), { recursive: true });
  mkdirSync(join(dir, 'expectations'), { recursive: true });
  writeFileSync(join(dir, file), `${JSON.stringify({ message: observation.text, ...(plaintext ? { plaintext } : {}) }, null, 2)}\n`);
  writeFileSync(join(dir, 'expectations', `fuzz-${slug}.json`), `${JSON.stringify([entry], null, 2)}\n`);
  return file;
}
