/**
 * `didcomm-conformance certify --adapter NAME --profile P[,P…]`: a full run of every case of the profiles (no
 * `--suite`, no `--shard`), on a harness tree with no uncommitted changes, then a signed certificate
 * (src/certify/) beside run.jsonl with a bound badge per profile. One profile runs with `--profile P`; several
 * run every case (each profile's verdict needs all of its cases, and a run selects at most one profile).
 * Exit codes: 0 certificate written and every certified profile passes, 1 written but a profile does not pass,
 * 2 usage or harness error (no certificate: dirty tree, bad key, interrupted run, harness errors).
 * Registered by register/certify.ts.
 * @module
 */
import { relative } from 'node:path';
import { AdapterNotFound, packageRoot } from '../../adapter/manifest.js';
import { badgeSnippets } from '../../certify/badges.js';
import { NotCertifiable, shortDigest } from '../../certify/certificate.js';
import { currentHarness } from '../../certify/harness.js';
import { issueCertificate } from '../../certify/issue.js';
import { loadSigningKey, readableByOthers, SigningKeyError, type SigningKey } from '../../certify/signing-key.js';
import { BaselineInvalid } from '../../report/baseline.js';
import { printable } from '../../report/terminal-text.js';
import { RunSetupError } from '../../runner/run.js';
import { runJob } from '../../runner/job.js';
import type { ProfileName } from '../../spec/profiles.js';
import { prepareOrExit } from './prepare-adapter.js';

/** Prints where the key came from (never the key) and warns when others can read it. */
export function announceKey(key: SigningKey, err: NodeJS.WritableStream = process.stderr): void {
  if (key.created) err.write(`generated a certifier key: ${key.path} (mode 0600); keep it, it is your identity as certifier\n`);
  if (readableByOthers(key.path)) err.write(`warning: ${key.path} can be read by other users (chmod 600 it)\n`);
  err.write(`signing as ${key.did}\n`);
}

/** The options of `certify`, as register/certify.ts parses them. */
export interface CertifyOptions {
  adapter: string;
  profile: ProfileName[];
  key?: string;
  out?: string;
  seed?: number;
  clock?: number;
  allowDirty?: boolean;
  siteUrl?: string;
  json?: boolean;
}

/** `certify`: a full run of the profiles, then its certificate; the exit code says how it went. */
export async function certifyAction(options: CertifyOptions): Promise<void> {
  const fail = (message: string): void => {
    process.stderr.write(printable(`didcomm-conformance certify: ${message}`) + '\n');
    process.exitCode = 2;
  };
  const root = packageRoot();
  const harness = currentHarness(root);
  if (harness.dirty && !options.allowDirty) {
    fail('the harness tree has uncommitted changes (src, suites, vectors, adapters or the package files): a certificate names a commit; commit them, or pass --allow-dirty to certify anyway (recorded in the certificate)');
    return;
  }
  let key: SigningKey;
  try {
    key = loadSigningKey(options.key ? { keyFile: options.key } : {});
  } catch (error) {
    if (error instanceof SigningKeyError) return fail(error.message);
    throw error;
  }
  announceKey(key);
  if (!await prepareOrExit('certify', options.adapter)) return;
  const single = options.profile.length === 1 ? options.profile[0] : undefined;
  process.stderr.write(`certify: ${single ? `every case of profile ${single}` : `every case (profiles ${options.profile.join(', ')})`}, all suites\n`);
  let job: Awaited<ReturnType<typeof runJob>>;
  try {
    job = await runJob({
      adapter: options.adapter,
      ...(single ? { profile: single } : {}),
      ...(options.out ? { out: options.out } : {}),
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(options.clock !== undefined ? { clock: options.clock } : {}),
    });
  } catch (error) {
    if (error instanceof AdapterNotFound || error instanceof RunSetupError || error instanceof BaselineInvalid) return fail(error.message);
    throw error;
  }
  let issued: Awaited<ReturnType<typeof issueCertificate>>;
  try {
    issued = await issueCertificate({ runDir: job.run.dir, profiles: options.profile, key, harness, ...(options.siteUrl ? { siteUrl: options.siteUrl } : {}) });
  } catch (error) {
    if (error instanceof NotCertifiable) return fail(`no certificate: ${error.message} (records: ${job.summary.runFile})`);
    throw error;
  }
  const allPass = issued.document.profiles.every((statement) => statement.verdict === 'pass');
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ certificate: issued.path, digest: issued.digest, issuer: key.did, run: job.summary.runFile, badges: issued.badges, profiles: issued.document.profiles, exitCode: allPass ? 0 : 1 })}\n`);
  } else {
    const where = (path: string): string => relative(process.cwd(), path) || path;
    process.stdout.write(printable(`${issued.document.implementation.name} ${issued.document.implementation.version} (adapter ${issued.document.adapter.name})`) + '\n');
    for (const statement of issued.document.profiles) {
      const why = statement.incompleteBecause ? `: ${statement.incompleteBecause}` : '';
      process.stdout.write(printable(`profile ${statement.profile}: ${statement.verdict}${why} (${statement.passed}/${statement.ran} passed, ${statement.failed} failed, ${statement.blocked} blocked, ${statement.skipped} skipped; requirements ${statement.requirements.exercised}/${statement.requirements.total})`) + '\n');
    }
    process.stdout.write(`certificate: ${where(issued.path)} (${shortDigest(issued.digest)})\n`);
    process.stdout.write(`run:         ${where(job.summary.runFile)}\n`);
    for (const snippet of badgeSnippets(issued.document, issued.digest, options.siteUrl)) process.stdout.write(printable(`badge ${snippet.profile}: ${snippet.markdown}`) + '\n');
    process.stdout.write(`check it:    didcomm-conformance verify ${where(issued.path)}\n`);
  }
  process.exitCode = allPass ? 0 : 1;
}
