/**
 * The certificate file `verify` and `badge` are given: read, or a one-line usage error naming it (exit 2).
 * @module
 */
import { readFileSync } from 'node:fs';
import { printable } from '../report/terminal-text.js';

/** The JWS text at `path`, or undefined after saying why on stderr and setting exit code 2. */
export function readCertificateFile(command: string, path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    process.stderr.write(printable(`didcomm-conformance ${command}: ${path}: cannot read the certificate (${(error as NodeJS.ErrnoException).code ?? 'error'})`) + '\n');
    process.exitCode = 2;
    return undefined;
  }
}
