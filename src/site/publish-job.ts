/**
 * The end of the main job (`start`): a certificate for each adapter's full run (every profile, signed with
 * the user's certifier key or `--key`) beside its run.jsonl, then the results site over everything the job
 * wrote (runs, certificates, matrix.json) into `<out>/site/`.
 * @module
 */
import { join } from 'node:path';
import { NotCertifiable, shortDigest } from '../certify/certificate.js';
import { currentHarness } from '../certify/harness.js';
import { issueCertificate } from '../certify/issue.js';
import { loadSigningKey, SigningKeyError, type SigningKey } from '../certify/signing-key.js';
import type { RunData } from '../report/run-data.js';
import { PROFILE_NAMES } from '../spec/profiles.js';
import { buildSite, type BuiltSite } from './build.js';

export interface PublishedJob {
  /** What to print, one line each. */
  lines: string[];
  certificates: string[];
  site?: BuiltSite;
  /** A run that should have been certified was not (harness trouble). */
  failed: boolean;
}

/** Certifies every finished run of the job and builds `<out>/site/`. */
export async function publishJob(runs: readonly RunData[], out: string, options: { root: string; keyFile?: string; env?: NodeJS.ProcessEnv }): Promise<PublishedJob> {
  const lines: string[] = [];
  const certificates: string[] = [];
  let failed = false;
  const harness = currentHarness(options.root);
  let key: SigningKey | undefined;
  try {
    key = loadSigningKey({ ...(options.keyFile ? { keyFile: options.keyFile } : {}), ...(options.env ? { env: options.env } : {}) });
    lines.push(`certificates signed as ${key.did}${key.created ? ` (key generated: ${key.path})` : ''}${harness.dirty ? ', from a harness tree with uncommitted changes (recorded)' : ''}`);
  } catch (error) {
    if (!(error instanceof SigningKeyError)) throw error;
    lines.push(`no certificates: ${error.message}`);
    failed = true;
  }
  for (const run of key ? runs : []) {
    try {
      const issued = await issueCertificate({ runDir: run.dir, profiles: PROFILE_NAMES, key: key!, harness });
      certificates.push(issued.path);
      lines.push(`certificate ${run.header.adapter.name}: ${shortDigest(issued.digest)} ${issued.document.profiles.map((s) => `${s.profile} ${s.verdict}`).join(', ')}`);
    } catch (error) {
      if (!(error instanceof NotCertifiable)) throw error;
      lines.push(`no certificate for ${run.header.adapter.name}: ${error.message}`);
      failed = true;
    }
  }
  const site = await buildSite({ from: [out], out: join(out, 'site'), harness });
  return { lines, certificates, site, failed };
}
