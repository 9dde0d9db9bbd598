/**
 * The harness running now, as a certificate names one: package version, git commit and whether the tree
 * differs from it (src/runner/header.ts), and the digests of its source, suites, vectors and requirement
 * registry. `certify` records these; `verify` compares a certificate with them.
 * @module
 */
import { join } from 'node:path';
import { folderDigest, harnessIdentity, registryIdentity } from '../runner/header.js';
import type { CertificateDocument, HarnessFacts } from './certificate.js';

/** The facts of the harness checked out at `root`. */
export function currentHarness(root: string): HarnessFacts {
  const identity = harnessIdentity(root);
  return {
    name: identity.name,
    version: identity.version,
    commit: identity.commit ?? null,
    dirty: identity.dirty ?? false,
    digests: {
      harness: folderDigest(join(root, 'src')),
      suites: folderDigest(join(root, 'suites')),
      vectors: folderDigest(join(root, 'vectors')),
      registry: registryIdentity().digest,
    },
  };
}

/** How a certificate's harness differs from `harness`, one phrase each (empty when it is the same harness). */
export function harnessDifferences(certificate: Pick<CertificateDocument, 'harness' | 'digests'>, harness: HarnessFacts): string[] {
  const differences: string[] = [];
  const short = (value: string | null): string => (value === null ? 'none' : value.slice(0, 12));
  if (certificate.harness.name !== harness.name || certificate.harness.version !== harness.version) {
    differences.push(`harness version: certificate ${certificate.harness.name} ${certificate.harness.version}, this harness ${harness.name} ${harness.version}`);
  }
  if (certificate.harness.commit !== harness.commit) differences.push(`commit: certificate ${short(certificate.harness.commit)}, this harness ${short(harness.commit)}`);
  if (certificate.harness.dirty) differences.push('the certificate was issued from a harness tree with uncommitted changes');
  if (harness.dirty) differences.push('this harness tree has uncommitted changes');
  const names: Record<keyof HarnessFacts['digests'], string> = { harness: 'harness source', suites: 'suites', vectors: 'vectors', registry: 'requirement registry' };
  for (const key of Object.keys(names) as Array<keyof HarnessFacts['digests']>) {
    if (certificate.digests[key] !== harness.digests[key]) differences.push(`${names[key]} digest: certificate ${short(certificate.digests[key])}, this harness ${short(harness.digests[key])}`);
  }
  return differences;
}
