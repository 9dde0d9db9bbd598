/**
 * `didcomm-conformance badge CERT [--site-url URL] [--out DIR]`: the Markdown and HTML that embed a
 * certificate's badges (one per profile), each linked to the certificate's page on the results site and
 * naming its digest; `--out` also writes the SVGs. Only a certificate whose signature holds gets badges.
 * Exit codes: 0 printed, 1 the certificate's signature does not hold, 2 usage error. Registered by register/badge.ts.
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { badgeFileName, badgeSnippets, certificateBadge } from '../../certify/badges.js';
import { certificateDigest } from '../../certify/certificate.js';
import { CertificateInvalid, openCertificate } from '../../certify/jws.js';
import { printable } from '../../report/terminal-text.js';
import { readCertificateFile } from '../certificate-file.js';

/** `badge`: the snippets (and, with `--out`, the SVGs) of the certificate at `path`'s badges. */
export async function badgeAction(path: string, options: { siteUrl?: string; profile?: string; out?: string }): Promise<void> {
  const jws = readCertificateFile('badge', path);
  if (jws === undefined) return;
  let document;
  try {
    ({ document } = await openCertificate(jws));
  } catch (error) {
    if (!(error instanceof CertificateInvalid)) throw error;
    process.stderr.write(printable(`didcomm-conformance badge: ${path}: ${error.message}`) + '\n');
    process.exitCode = 1;
    return;
  }
  const digest = certificateDigest(jws);
  const statements = document.profiles.filter((statement) => !options.profile || statement.profile === options.profile);
  if (statements.length === 0) {
    process.stderr.write(printable(`didcomm-conformance badge: the certificate has no profile ${options.profile ?? ''} (it has ${document.profiles.map((s) => s.profile).join(', ')})`) + '\n');
    process.exitCode = 2;
    return;
  }
  const wanted = new Set<string>(statements.map((statement) => statement.profile));
  for (const snippet of badgeSnippets(document, digest, options.siteUrl).filter((s) => wanted.has(s.profile))) {
    process.stdout.write(printable(`${snippet.profile}\n  markdown: ${snippet.markdown}\n  html:     ${snippet.html}`) + '\n');
  }
  if (options.out) {
    mkdirSync(options.out, { recursive: true });
    for (const statement of statements) writeFileSync(join(options.out, badgeFileName(statement.profile)), certificateBadge(document, statement, digest, options.siteUrl));
    process.stdout.write(printable(`badges written to ${options.out}`) + '\n');
  }
}
