/**
 * `didcomm-conformance verify CERT [--run DIR]`: checks a certificate (src/certify/verify.ts): its signature,
 * that the run is the one it names and agrees with it, that the current verdict rule gives the verdicts it
 * states, and that this harness is the one it names (which facts differ, when not).
 * Exit codes: 0 valid (and the same harness, or `--allow-other-harness`), 1 invalid or another harness, with
 * the reasons; 2 usage error (the certificate file cannot be read). Registered by register/verify.ts.
 * @module
 */
import { dirname, join } from 'node:path';
import { packageRoot } from '../../adapter/package-root.js';
import { shortDigest } from '../../certify/certificate.js';
import { currentHarness } from '../../certify/harness.js';
import { verifyCertificate, type Verification } from '../../certify/verify.js';
import { printable } from '../../report/terminal-text.js';
import { readCertificateFile } from '../certificate-file.js';

export interface VerifyOptions {
  run?: string;
  issuer?: string;
  allowOtherHarness?: boolean;
  json?: boolean;
}

/** The exit code of a verification: 0 valid on this harness (or another one, when allowed), 1 otherwise. */
export function verifyExitCode(verification: Verification, allowOtherHarness: boolean): 0 | 1 {
  return verification.status === 'verified' || (verification.status === 'other-harness' && allowOtherHarness) ? 0 : 1;
}

function printVerification(verification: Verification, allowOtherHarness: boolean): void {
  const out = (line: string): void => {
    process.stdout.write(printable(line) + '\n');
  };
  const document = verification.document;
  out(`certificate ${shortDigest(verification.digest)}${document ? ` by ${document.issuer}` : ''}`);
  if (document) out(`  ${document.implementation.name} ${document.implementation.version} (adapter ${document.adapter.name}), issued ${document.issuedAt}, harness ${document.harness.version}${document.harness.commit ? ` ${document.harness.commit.slice(0, 12)}` : ''}`);
  for (const check of verification.checks) {
    const mark = check.ok ? '✔' : check.name === 'harness' && allowOtherHarness ? '!' : '✘';
    out(`  ${mark} ${check.name}: ${check.detail}`);
  }
  const code = verifyExitCode(verification, allowOtherHarness);
  if (code === 0) out(verification.status === 'verified' ? 'valid' : 'valid, on another harness than the one it names');
  else if (verification.status === 'other-harness') out('not confirmed: the certificate names another harness (check out its commit, or pass --allow-other-harness)');
  else out(`INVALID: ${verification.reasons[0] ?? 'see above'}`);
}

/** `verify`: the verification of the certificate at `path`, printed; exit 1 when it does not hold here. */
export async function verifyAction(path: string, options: VerifyOptions): Promise<void> {
  const jws = readCertificateFile('verify', path);
  if (jws === undefined) return;
  const verification = await verifyCertificate(jws, {
    run: options.run ?? join(dirname(path), 'run.jsonl'),
    harness: currentHarness(packageRoot()),
    ...(options.issuer ? { issuer: options.issuer } : {}),
  });
  const allow = options.allowOtherHarness ?? false;
  if (options.json) {
    const { run: _run, ...rest } = verification;
    process.stdout.write(`${JSON.stringify({ ...rest, exitCode: verifyExitCode(verification, allow) })}\n`);
  } else {
    printVerification(verification, allow);
  }
  process.exitCode = verifyExitCode(verification, allow);
}
