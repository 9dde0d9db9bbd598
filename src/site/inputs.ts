/**
 * What a results site is built from: every certificate (`*.jws`), run (`run.jsonl`), interop matrix
 * (`matrix.json`) and cross-language throughput table (`throughput.json`) under the folders given, from this machine or any other (vendors' CI, shards). Each
 * certificate is verified (src/certify/verify.ts) against the run whose digest it names; a run with no
 * certificate is shown as unsigned; what cannot be read is listed with the reason, never dropped silently.
 * @module
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { certificateDigest, sha256Hex, type HarnessFacts } from '../certify/certificate.js';
import { unverifiedClaims } from '../certify/jws.js';
import { verifyCertificate, type Verification } from '../certify/verify.js';
import { loadRun, type RunData } from '../report/run-data.js';
import { isMatrixResult } from './matrix-merge.js';
import type { MatrixResult } from '../matrix/run.js';
import { isThroughputResult, THROUGHPUT_FILE, type ThroughputResult } from './throughput.js';

/** Folders never searched: reproducers, evidence and rendered reports hold no inputs, only their bulk. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', 'repro', 'evidence', 'allure-results', 'allure-report', 'badges', 'certificate-badges']);
const MAX_DEPTH = 8;

/** The input files found under the folders (or files) given. */
export interface FoundInputs {
  certificates: string[];
  runs: string[];
  matrices: string[];
  throughputs: string[];
}

/** Every input file under `paths`, skipping `exclude` (the site's own output folder). */
export function findInputs(paths: readonly string[], exclude: readonly string[] = []): FoundInputs {
  const found: FoundInputs = { certificates: [], runs: [], matrices: [], throughputs: [] };
  const excluded = new Set(exclude.map((path) => resolve(path)));
  const seen = new Set<string>();
  const visit = (path: string, depth: number): void => {
    const absolute = resolve(path);
    if (excluded.has(absolute) || seen.has(absolute) || !existsSync(absolute)) return;
    seen.add(absolute);
    const stats = statSync(absolute);
    if (stats.isDirectory()) {
      if (depth > MAX_DEPTH) return;
      for (const name of readdirSync(absolute).sort()) {
        if (!SKIPPED_FOLDERS.has(name)) visit(join(absolute, name), depth + 1);
      }
      return;
    }
    const name = basename(absolute);
    if (name.endsWith('.jws')) found.certificates.push(absolute);
    else if (name === 'run.jsonl') found.runs.push(absolute);
    else if (name === 'matrix.json') found.matrices.push(absolute);
    else if (name === THROUGHPUT_FILE) found.throughputs.push(absolute);
  };
  for (const path of paths) visit(path, 0);
  return found;
}

/** One certificate or unsigned run, checked. */
export interface SiteEntry {
  /** Unique within the site: `certificates/<digest>` or `runs/<run digest>`. */
  id: string;
  kind: 'certificate' | 'run';
  /** `unsigned`: a run with no certificate (its verdicts are its own, nobody vouches for them). */
  status: Verification['status'] | 'unsigned';
  reasons: string[];
  harnessDifferences: string[];
  /** Where it came from, relative to the folder given (for the build's output, never absolute). */
  source: string;
  /** The certificate, for a certificate entry. */
  jws?: string;
  verification?: Verification;
  /** What an invalid certificate claims (unverified; shown as such). */
  claims?: Record<string, unknown>;
  run?: RunData;
  /** The run's exact bytes (copied into the site so anyone can verify again). */
  runBytes?: Buffer;
}

/** An input that could not be used, and why. */
export interface RejectedInput {
  source: string;
  reason: string;
}

export interface LoadedInputs {
  entries: SiteEntry[];
  matrices: MatrixResult[];
  /** Cross-language throughput tables (bench/cross-language.ts --out). */
  throughputs: ThroughputResult[];
  rejected: RejectedInput[];
}

function displayPath(path: string, roots: readonly string[]): string {
  const root = roots.map((r) => resolve(r)).find((r) => path === r || path.startsWith(`${r}/`));
  return root ? join(basename(root), relative(root, path)) : basename(path);
}

/** Reads, verifies and deduplicates every input under `paths`. */
export async function loadInputs(paths: readonly string[], harness: HarnessFacts, exclude: readonly string[] = []): Promise<LoadedInputs> {
  const found = findInputs(paths, exclude);
  const rejected: RejectedInput[] = [];
  const shown = (path: string): string => displayPath(path, paths);
  // Runs by the digest of their bytes, so a certificate finds its run wherever it was put.
  const runsByDigest = new Map<string, { path: string; bytes: Buffer }>();
  for (const path of found.runs) {
    const bytes = readFileSync(path);
    const digest = sha256Hex(bytes);
    if (!runsByDigest.has(digest)) runsByDigest.set(digest, { path, bytes });
  }
  const entries: SiteEntry[] = [];
  const certifiedRuns = new Set<string>();
  const seenCertificates = new Set<string>();
  for (const path of found.certificates) {
    const jws = readFileSync(path, 'utf8').trim();
    const digest = certificateDigest(jws);
    if (seenCertificates.has(digest)) continue;
    seenCertificates.add(digest);
    const claims = unverifiedClaims(jws);
    const claimedRun = typeof claims === 'object' && claims !== null ? (claims as { digests?: { run?: unknown } }).digests?.run : undefined;
    const beside = join(path, '..', 'run.jsonl');
    const runPath = typeof claimedRun === 'string' && runsByDigest.has(claimedRun) ? runsByDigest.get(claimedRun)!.path : beside;
    const verified = await verifyCertificate(jws, { run: runPath, harness });
    // The site shows where a run was found relative to the folder given, never this machine's paths.
    const scrub = (text: string): string => text.split(resolve(runPath)).join(shown(resolve(runPath)));
    const verification: Verification = { ...verified, reasons: verified.reasons.map(scrub), checks: verified.checks.map((check) => ({ ...check, detail: scrub(check.detail) })) };
    const runBytes = verification.run ? readFileSync(runPath) : undefined;
    // The run a certificate was checked against is its entry's, valid or not: never listed again as unsigned.
    if (existsSync(runPath) && statSync(runPath).isFile()) certifiedRuns.add(sha256Hex(readFileSync(runPath)));
    entries.push({
      id: `certificates/${digest}`, kind: 'certificate', status: verification.status, reasons: verification.reasons,
      harnessDifferences: verification.harnessDifferences, source: shown(path), jws, verification,
      ...(verification.status === 'invalid' && typeof claims === 'object' && claims !== null ? { claims: claims as Record<string, unknown> } : {}),
      ...(verification.run ? { run: verification.run } : {}), ...(runBytes ? { runBytes } : {}),
    });
  }
  for (const [digest, { path, bytes }] of runsByDigest) {
    if (certifiedRuns.has(digest)) continue;
    try {
      const run = loadRun(path);
      entries.push({ id: `runs/${digest}`, kind: 'run', status: 'unsigned', reasons: [], harnessDifferences: [], source: shown(path), run, runBytes: bytes });
    } catch (error) {
      rejected.push({ source: shown(path), reason: (error as Error).message.replace(path, shown(path)) });
    }
  }
  const matrices: MatrixResult[] = [];
  for (const path of found.matrices) {
    try {
      const value = JSON.parse(readFileSync(path, 'utf8')) as unknown;
      if (!isMatrixResult(value)) throw new Error('not a matrix.json written by `matrix` (format 1)');
      matrices.push(value);
    } catch (error) {
      rejected.push({ source: shown(path), reason: (error as Error).message });
    }
  }
  const throughputs: ThroughputResult[] = [];
  for (const path of found.throughputs) {
    try {
      const value = JSON.parse(readFileSync(path, 'utf8')) as unknown;
      if (!isThroughputResult(value)) throw new Error('not a throughput.json written by bench/cross-language.ts (format 1)');
      throughputs.push(value);
    } catch (error) {
      rejected.push({ source: shown(path), reason: (error as Error).message });
    }
  }
  return { entries, matrices, throughputs, rejected };
}
