/**
 * Checking a certificate: the signature (jws.ts), that the run.jsonl it names is the one given (SHA-256 of
 * its bytes) and agrees with what the certificate says about it, that the current verdict rule
 * (`profileVerdicts`, src/report/verdicts.ts) gives the same statement for every profile, and which facts of
 * the harness running the check differ from the certificate's. Each check says what it found.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { loadRun, runFilePath, type RunData } from '../report/run-data.js';
import { isProfileName, type ProfileName } from '../spec/profiles.js';
import { certificateDigest, profileStatements, sha256Hex, type CertificateDocument, type HarnessFacts, type ProfileStatement } from './certificate.js';
import { harnessDifferences } from './harness.js';
import { CertificateInvalid, openCertificate } from './jws.js';

export type CheckName = 'signature' | 'issuer' | 'run' | 'verdicts' | 'harness';

/** One check and what it found. */
export interface Check {
  name: CheckName;
  ok: boolean;
  detail: string;
}

/**
 * `verified`: everything holds on this very harness; `other-harness`: signature, run and verdicts hold but
 * the certificate names another harness (or a tree with uncommitted changes); `invalid`: something does not
 * hold (`reasons`).
 */
export type VerificationStatus = 'verified' | 'other-harness' | 'invalid';

export interface Verification {
  /** SHA-256 of the JWS text. */
  digest: string;
  status: VerificationStatus;
  checks: Check[];
  /** Why it is invalid (the failed checks' details). */
  reasons: string[];
  harnessDifferences: string[];
  /** Present when the signature holds. */
  document?: CertificateDocument;
  /** The run, when it was found and its digest matched. */
  run?: RunData;
}

export interface VerifyOptions {
  /** run.jsonl or its folder; default: run.jsonl beside the certificate (given by `certificatePath`). */
  run?: string;
  /** The harness doing the check (harness.ts `currentHarness`). */
  harness: HarnessFacts;
  /** Require this did:key as the signer. */
  issuer?: string;
}

/** JSON with object keys sorted and undefined members dropped: two statements agree when these are equal. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const members = Object.entries(value as Record<string, unknown>).filter(([, member]) => member !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${members.map(([key, member]) => `${JSON.stringify(key)}:${canonical(member)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The fields where a signed statement differs from the one the verdict rule gives. Every field counts, present
 * in either: a certificate states exactly what `profileVerdicts` says, no more, no less.
 */
function differingFields(claimed: ProfileStatement, actual: ProfileStatement): string[] {
  const fields = new Set([...Object.keys(claimed), ...Object.keys(actual)]);
  return [...fields].filter((field) => canonical((claimed as unknown as Record<string, unknown>)[field]) !== canonical((actual as unknown as Record<string, unknown>)[field])).sort();
}

function summary(statement: ProfileStatement): string {
  return `${statement.verdict}${statement.incompleteBecause ? ` (${statement.incompleteBecause})` : ''}, ${statement.passed} passed, ${statement.warning} warning, ${statement.failed} failed, ${statement.blocked} blocked, ${statement.errored} errored, ${statement.skipped} skipped of ${statement.cases}, requirements ${statement.requirements.exercised}/${statement.requirements.total}, ${statement.knownIssuesAccepted.length} known issue(s) accepted`;
}

/** Where the run's header or footer disagrees with the certificate. */
function headerMismatches(document: CertificateDocument, run: RunData): string[] {
  const header = run.header;
  const described = header.adapter.described as { name?: unknown; version?: unknown };
  const pairs: Array<[string, unknown, unknown]> = [
    ['implementation name', document.implementation.name, described.name],
    ['implementation version', document.implementation.version, described.version],
    ['adapter', document.adapter.name, header.adapter.name],
    ['harness version', document.harness.version, header.harness.version],
    ['harness commit', document.harness.commit, header.harness.commit ?? null],
    ['suites digest', document.digests.suites, header.suites?.digest ?? null],
    ['vectors digest', document.digests.vectors, header.vectors.digest],
    ['registry digest', document.digests.registry, header.registry.digest],
    ['run id', document.run.id, header.runId],
    ['seed', document.run.seed, header.seed],
    ['clock', document.run.clock, header.clock ?? null],
    ['selection', JSON.stringify(document.run.selection), JSON.stringify(header.selection)],
    ['finished at', document.run.finishedAt, run.footer?.finishedAt],
  ];
  const mismatches = pairs.filter(([, claimed, recorded]) => claimed !== recorded).map(([what, claimed, recorded]) => `${what}: certificate ${String(claimed)}, run ${String(recorded)}`);
  if (!document.harness.dirty && header.harness.dirty) mismatches.push('the run was recorded on a harness tree with uncommitted changes, the certificate says it was not');
  if (!run.footer || run.footer.interrupted) mismatches.push('the run was interrupted or has no footer');
  return mismatches;
}

/** Re-derives every statement of the certificate from the run; the differences, one per profile. */
function verdictMismatches(document: CertificateDocument, run: RunData): string[] {
  const unknown = document.profiles.map((statement) => statement.profile).filter((name) => !isProfileName(name));
  if (unknown.length > 0) return [`the certificate names profiles this harness does not know: ${unknown.join(', ')}`];
  const derived = profileStatements(run, document.profiles.map((statement) => statement.profile as ProfileName));
  return document.profiles.flatMap((claimed, index) => {
    const actual = derived[index]!;
    const fields = differingFields(claimed, actual);
    return fields.length === 0 ? [] : [`profile ${claimed.profile}: the certificate says ${summary(claimed)}; the current verdict rule gives ${summary(actual)} (differs in ${fields.join(', ')})`];
  });
}

function checkRun(document: CertificateDocument, runPath: string | undefined): { check: Check; run?: RunData } {
  const fail = (detail: string): { check: Check } => ({ check: { name: 'run', ok: false, detail } });
  if (!runPath) return fail('no run.jsonl given (--run DIR): the verdicts cannot be re-derived');
  const file = runFilePath(runPath);
  if (!existsSync(file)) return fail(`no run.jsonl at ${file}: give the certified run with --run DIR`);
  const bytes = readFileSync(file);
  const digest = sha256Hex(bytes);
  if (digest !== document.digests.run) return fail(`${file} does not match the certificate: its SHA-256 is ${digest}, the certificate names ${document.digests.run} (the run was altered, or it is another run)`);
  let run: RunData;
  try {
    run = loadRun(file);
  } catch (error) {
    return fail(`${file} matches its digest but cannot be read: ${(error as Error).message}`);
  }
  const mismatches = headerMismatches(document, run);
  if (mismatches.length > 0) return { check: { name: 'run', ok: false, detail: `the run does not agree with the certificate: ${mismatches.join('; ')}` }, run };
  return { check: { name: 'run', ok: true, detail: `${file} matches (sha256 ${digest.slice(0, 16)}…)` }, run };
}

/** Verifies the certificate `jws`; never throws for a bad certificate (the result says why). */
export async function verifyCertificate(jws: string, options: VerifyOptions): Promise<Verification> {
  const digest = certificateDigest(jws);
  const checks: Check[] = [];
  const result = (document?: CertificateDocument, run?: RunData, differences: string[] = []): Verification => {
    const reasons = checks.filter((check) => !check.ok && check.name !== 'harness').map((check) => `${check.name}: ${check.detail}`);
    const status: VerificationStatus = reasons.length > 0 ? 'invalid' : differences.length > 0 ? 'other-harness' : 'verified';
    return { digest, status, checks, reasons, harnessDifferences: differences, ...(document ? { document } : {}), ...(run ? { run } : {}) };
  };
  let document: CertificateDocument;
  let signer: string;
  try {
    ({ document, signer } = await openCertificate(jws));
    checks.push({ name: 'signature', ok: true, detail: `EdDSA signature by ${signer}` });
  } catch (error) {
    if (!(error instanceof CertificateInvalid)) throw error;
    checks.push({ name: 'signature', ok: false, detail: error.message });
    return result();
  }
  if (options.issuer) {
    const ok = signer === options.issuer;
    checks.push({ name: 'issuer', ok, detail: ok ? `signed by the required issuer` : `signed by ${signer}, not by the required issuer ${options.issuer}` });
  }
  const { check, run } = checkRun(document, options.run);
  checks.push(check);
  if (run && check.ok) {
    const mismatches = verdictMismatches(document, run);
    checks.push(mismatches.length === 0
      ? { name: 'verdicts', ok: true, detail: `re-derived with the current verdict rule: ${document.profiles.map((s) => `${s.profile} ${s.verdict}`).join(', ')}` }
      : { name: 'verdicts', ok: false, detail: mismatches.join('; ') });
  }
  const differences = harnessDifferences(document, options.harness);
  checks.push({ name: 'harness', ok: differences.length === 0, detail: differences.length === 0 ? 'same harness version, commit, source, suites, vectors and requirement registry as this harness' : differences.join('; ') });
  return result(document, check.ok ? run : undefined, differences);
}
