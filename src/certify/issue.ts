/**
 * Issuing a certificate for a finished run: the document (certificate.ts) over the exact bytes of its
 * run.jsonl, signed (jws.ts), written beside the run as `certificate.jws` with one bound badge per profile in
 * `certificate-badges/`. `certify` calls it after its own full run; `start` for each adapter's run.
 * @module
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRun } from '../report/run-data.js';
import type { ProfileName } from '../spec/profiles.js';
import { badgeFileName, certificateBadge } from './badges.js';
import { certificateDigest, certificateDocument, type CertificateDocument, type HarnessFacts } from './certificate.js';
import { signCertificate } from './jws.js';
import type { SigningKey } from './signing-key.js';

/** The file a certificate is written to, beside run.jsonl. */
export const CERTIFICATE_FILE = 'certificate.jws';
/** The folder of its badges, beside it. */
export const CERTIFICATE_BADGES = 'certificate-badges';

export interface IssuedCertificate {
  jws: string;
  digest: string;
  document: CertificateDocument;
  /** certificate.jws */
  path: string;
  badges: string[];
}

export interface IssueOptions {
  /** The folder holding run.jsonl; the certificate is written there. */
  runDir: string;
  profiles: readonly ProfileName[];
  key: SigningKey;
  harness: HarnessFacts;
  /** The results site the badges link to (default: relative to a site). */
  siteUrl?: string;
  issuedAt?: Date;
}

/** Certifies the run in `runDir`; throws `NotCertifiable` when it cannot be. */
export async function issueCertificate(options: IssueOptions): Promise<IssuedCertificate> {
  const runFile = join(options.runDir, 'run.jsonl');
  // The bytes are read once: the digest is over exactly what the verdicts were computed from.
  const runBytes = readFileSync(runFile);
  const run = loadRun(runFile);
  const document = certificateDocument({
    run, runBytes, profiles: options.profiles, issuer: options.key.did, harness: options.harness,
    ...(options.issuedAt ? { issuedAt: options.issuedAt } : {}),
  });
  const jws = await signCertificate(document, options.key);
  const digest = certificateDigest(jws);
  const path = join(options.runDir, CERTIFICATE_FILE);
  writeFileSync(path, `${jws}\n`);
  const badgeDir = join(options.runDir, CERTIFICATE_BADGES);
  mkdirSync(badgeDir, { recursive: true });
  const badges = document.profiles.map((statement) => {
    const file = join(badgeDir, badgeFileName(statement.profile));
    writeFileSync(file, certificateBadge(document, statement, digest, options.siteUrl));
    return file;
  });
  return { jws, digest, document, path, badges };
}
