/**
 * The certificate document: what a signed certificate states about one run of one implementation. Every
 * per-profile statement is `profileVerdicts` of src/report/verdicts.ts (the one verdict policy) over the
 * run's cases, so `verify` can re-derive it from run.jsonl and compare field by field. The run itself is
 * bound by the SHA-256 of its exact bytes; the harness by its version, commit and the digests of its
 * source, suites, vectors and requirement registry. No key material: the issuer is a did:key (public).
 * Schema: certificate.schema.json beside this file.
 * @module
 */
import { createHash } from 'node:crypto';
import { outcomeIn, profileVerdicts, type ProfileVerdict } from '../report/verdicts.js';
import type { RunData } from '../report/run-data.js';
import type { RunHeader } from '../report/run-records.js';
import type { ProfileName } from '../spec/profiles.js';

export const CERTIFICATE_TYPE = 'didcomm-conformance/certificate';
/** The JWS `typ` of a certificate. */
export const CERTIFICATE_JWS_TYPE = 'didcomm-conformance-certificate+jws';

/** A known issue (adapter.json `knownIssues`) that excused failed or errored cases of a profile. */
export interface AcceptedKnownIssue {
  key: string;
  reason: string;
  issue?: string;
  /** The excused case IDs. */
  cases: string[];
}

/** What the certificate says about one profile: the verdict policy's output, minus the prose description. */
export interface ProfileStatement extends Omit<ProfileVerdict, 'description'> {
  knownIssuesAccepted: AcceptedKnownIssue[];
}

/** Digests (SHA-256, hex) of what produced the verdicts. */
export interface CertificateDigests {
  /** The harness source (src/), null when the installed harness has none. */
  harness: string | null;
  suites: string | null;
  vectors: string | null;
  registry: string;
  /** The exact bytes of run.jsonl. */
  run: string;
}

/** The signed document. */
export interface CertificateDocument {
  type: typeof CERTIFICATE_TYPE;
  format: 1;
  issuedAt: string;
  /** The certifier's public key as a did:key (the JWS `kid` names the same DID). */
  issuer: string;
  /** The implementation as the adapter described it (`describe`): name, version, language, homepage. */
  implementation: { name: string; version: string } & Record<string, unknown>;
  adapter: { name: string; transport: string; protocolVersion?: number; declared: object };
  harness: { name: string; version: string; commit: string | null; dirty: boolean };
  digests: CertificateDigests;
  registry: { requirements: number };
  run: { id: string; startedAt: string; finishedAt: string; seed: number; clock: number | null; selection: RunHeader['selection']; node: string };
  profiles: ProfileStatement[];
}

/** The SHA-256 of `bytes`, hex. */
export function sha256Hex(bytes: string | Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A certificate's digest: SHA-256 of its JWS text (what badges and the site name it by). */
export function certificateDigest(jws: string): string {
  return sha256Hex(jws.trim());
}

/** `sha256:0123456789ab…` for display. */
export function shortDigest(hex: string): string {
  return `sha256:${hex.slice(0, 12)}…`;
}

/** Known issues that excused failed or errored cases in `profile`, grouped by key, in case order. */
export function acceptedKnownIssues(run: Pick<RunData, 'cases'>, profile: ProfileName): AcceptedKnownIssue[] {
  const byKey = new Map<string, AcceptedKnownIssue>();
  for (const record of run.cases) {
    if (!record.profiles.includes(profile) || !record.knownIssue) continue;
    const outcome = outcomeIn(record, profile);
    if (outcome !== 'failed' && outcome !== 'errored') continue;
    const { key, reason, issue } = record.knownIssue;
    const entry = byKey.get(key) ?? { key, reason, ...(issue ? { issue } : {}), cases: [] };
    entry.cases.push(record.id);
    byKey.set(key, entry);
  }
  return [...byKey.values()];
}

/** The statements of `profiles` over a run, as the current verdict rule gives them. */
export function profileStatements(run: Pick<RunData, 'cases' | 'header'>, profiles: readonly ProfileName[]): ProfileStatement[] {
  const verdicts = profileVerdicts(run.cases, run.header.selection);
  return profiles.map((profile) => {
    const { description: _description, ...verdict } = verdicts.find((v) => v.profile === profile)!;
    return { ...verdict, knownIssuesAccepted: acceptedKnownIssues(run, profile) };
  });
}

/** What the harness that issues a certificate is: identity and digests (src/certify/harness.ts computes them). */
export interface HarnessFacts {
  name: string;
  version: string;
  commit: string | null;
  dirty: boolean;
  digests: Omit<CertificateDigests, 'run'>;
}

/** Inputs of a certificate besides the run. */
export interface DocumentInputs {
  run: RunData;
  /** The exact bytes of the run's run.jsonl. */
  runBytes: Uint8Array;
  profiles: readonly ProfileName[];
  issuer: string;
  /** The harness issuing the certificate (its source digest; the rest is checked against the run's header). */
  harness: HarnessFacts;
  issuedAt?: Date;
}

/** Thrown when a run cannot be certified: the message says why. */
export class NotCertifiable extends Error {
  override readonly name = 'NotCertifiable';
}

/**
 * The document for a finished run. Refuses a run that was interrupted, had harness errors, or that another
 * harness (or another state of this one) produced: the certificate names one harness for the whole run.
 */
export function certificateDocument(inputs: DocumentInputs): CertificateDocument {
  const { run, harness } = inputs;
  const header = run.header;
  if (!run.footer) throw new NotCertifiable('the run has no footer: it was killed before it finished');
  if (run.footer.interrupted) throw new NotCertifiable('the run was interrupted');
  if (run.footer.harnessErrors.length > 0) throw new NotCertifiable(`the run had harness errors: ${run.footer.harnessErrors[0]}`);
  const differs = [
    header.harness.version !== harness.version && 'version',
    (header.harness.commit ?? null) !== harness.commit && 'commit',
    (header.suites?.digest ?? null) !== harness.digests.suites && 'suites',
    header.vectors.digest !== harness.digests.vectors && 'vectors',
    header.registry.digest !== harness.digests.registry && 'requirement registry',
  ].filter(Boolean);
  if (differs.length > 0) throw new NotCertifiable(`the run was recorded by another harness than this one (${differs.join(', ')} differ)`);
  const described = header.adapter.described as { name?: unknown; version?: unknown };
  return {
    type: CERTIFICATE_TYPE,
    format: 1,
    issuedAt: (inputs.issuedAt ?? new Date()).toISOString(),
    issuer: inputs.issuer,
    implementation: { ...(header.adapter.described as Record<string, unknown>), name: String(described.name ?? '?'), version: String(described.version ?? '?') },
    adapter: {
      name: header.adapter.name,
      transport: header.adapter.transport,
      ...(header.adapter.protocolVersion !== undefined ? { protocolVersion: header.adapter.protocolVersion } : {}),
      declared: header.adapter.declared,
    },
    harness: { name: header.harness.name, version: header.harness.version, commit: header.harness.commit ?? null, dirty: (header.harness.dirty ?? false) || harness.dirty },
    digests: { ...harness.digests, run: sha256Hex(inputs.runBytes) },
    registry: { requirements: header.registry.requirements },
    run: {
      id: header.runId, startedAt: header.startedAt, finishedAt: run.footer.finishedAt, seed: header.seed,
      clock: header.clock ?? null, selection: header.selection, node: header.node,
    },
    profiles: profileStatements(run, inputs.profiles),
  };
}
