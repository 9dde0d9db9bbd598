/**
 * What a results site shows, computed once from the checked inputs (inputs.ts): each certificate or run as
 * an entry (implementation, version, per-profile verdicts, requirements met), implementations with their
 * versions in order and the latest one, the requirement view across implementations, and the merged matrix.
 * Verdicts come from the verdict rule (`profileVerdicts`) over each run; an invalid certificate's claims are
 * kept only to be shown as unverified.
 * @module
 */
import { createHash } from 'node:crypto';
import type { CertificateDocument, HarnessFacts } from '../certify/certificate.js';
import type { MatrixResult } from '../matrix/run.js';
import { newestThroughput, type ThroughputResult } from './throughput.js';
import { profileVerdicts, requirementRows, type RequirementRow, type Verdict } from '../report/verdicts.js';
import { isInformational } from '../spec/verdict-rule.js';
import type { LoadedInputs, RejectedInput, SiteEntry } from './inputs.js';
import { mergeMatrices } from './matrix-merge.js';

/** A profile's verdict as an entry shows it. */
export interface ProfileCell {
  profile: string;
  verdict: Verdict;
  percent: number;
  incompleteBecause?: string;
  passed?: number;
  ran?: number;
  failed?: number;
  blocked?: number;
  skipped?: number;
  requirements?: { exercised: number; total: number };
}

/** One certificate or unsigned run, ready to render. */
export interface EntryView {
  entry: SiteEntry;
  implementation: string;
  version: string;
  adapter: string;
  /** When it was issued (certificate) or run (run). */
  date: string;
  homepage?: string;
  issuer?: string;
  document?: CertificateDocument;
  profiles: ProfileCell[];
  /** False when the verdicts are an invalid certificate's claims. */
  trusted: boolean;
  requirements?: RequirementRow[];
  /** Requirements a case met: exercised, none failed or warned (informational entries not counted). */
  met?: number;
}

/** One version of an implementation: its entries, the one shown for it, and what its trusted runs met together. */
export interface VersionView {
  version: string;
  /** The entry shown for the version: verified first, then the newest. */
  best: EntryView;
  entries: EntryView[];
  /** The requirement rows of every trusted run of the version, merged (the worst outcome of each). */
  requirements?: RequirementRow[];
  met?: number;
}

export interface ImplementationView {
  name: string;
  /** The file name of its page and API document. */
  slug: string;
  /** Oldest version first. */
  entries: EntryView[];
  /** Oldest first. */
  versions: VersionView[];
  /** The newest version with a trusted entry (or, when there is none, the newest claimed). */
  latestVersion: VersionView;
  latest: EntryView;
}

export interface SiteModel {
  generatedAt: string;
  harness: HarnessFacts;
  entries: EntryView[];
  implementations: ImplementationView[];
  matrix?: MatrixResult;
  /** The newest cross-language throughput table among the inputs. */
  throughput?: ThroughputResult;
  rejected: RejectedInput[];
}

/** A file name for untrusted text: lower-case letters, digits and dashes, plus a hash against collisions. */
export function slugOf(text: string): string {
  const readable = text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'x';
  return `${readable}-${createHash('sha256').update(text).digest('hex').slice(0, 8)}`;
}

/** Orders versions by their numeric parts (`0.10.0` after `0.7.0`), text parts as text, pre-releases first. */
export function compareVersions(a: string, b: string): number {
  const parts = (version: string): string[] => version.match(/\d+|[A-Za-z]+/g) ?? [];
  const left = parts(a);
  const right = parts(b);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const x = left[i];
    const y = right[i];
    // A version that goes on with a text part is a pre-release of the shorter one (1.0.0-rc.1 < 1.0.0).
    if (x === undefined) return /^\d+$/.test(y!) ? -1 : 1;
    if (y === undefined) return /^\d+$/.test(x) ? 1 : -1;
    const numeric = /^\d+$/.test(x) && /^\d+$/.test(y);
    const order = numeric ? Number(x) - Number(y) : x.localeCompare(y);
    if (order !== 0) return Math.sign(order);
  }
  return 0;
}

/** How much an entry is worth showing as an implementation's latest: verified first, claims last. */
const STATUS_RANK: Record<SiteEntry['status'], number> = { verified: 3, 'other-harness': 2, unsigned: 1, invalid: 0 };

const str = (value: unknown, fallback = '?'): string => (typeof value === 'string' ? value : fallback);

function claimedProfiles(claims: Record<string, unknown> | undefined): ProfileCell[] {
  const profiles = claims?.['profiles'];
  if (!Array.isArray(profiles)) return [];
  return profiles.filter((p): p is Record<string, unknown> => typeof p === 'object' && p !== null).map((p) => ({
    profile: str(p['profile']),
    verdict: (['pass', 'fail', 'incomplete', 'not-run'] as const).find((v) => v === p['verdict']) ?? 'not-run',
    percent: typeof p['percent'] === 'number' ? Math.max(0, Math.min(100, Math.floor(p['percent']))) : 0,
  }));
}

function metRequirements(rows: readonly RequirementRow[]): number {
  return rows.filter((row) => row.outcome === 'passed' && !isInformational(row.id) && row.level !== '?').length;
}

/** The view of one entry. */
export function entryView(entry: SiteEntry): EntryView {
  const document = entry.verification?.document;
  const run = entry.run;
  const described = (run?.header.adapter.described ?? {}) as Record<string, unknown>;
  const claims = entry.claims;
  const claimedImplementation = (claims?.['implementation'] ?? {}) as Record<string, unknown>;
  const implementation = document?.implementation.name ?? (run ? str(described['name']) : str(claimedImplementation['name'], 'unknown'));
  const version = document?.implementation.version ?? (run ? str(described['version']) : str(claimedImplementation['version']));
  const homepage = str(document?.implementation['homepage'] ?? described['homepage'] ?? claimedImplementation['homepage'], '');
  const trusted = entry.status !== 'invalid';
  const profiles: ProfileCell[] = document && trusted ? document.profiles
    : run && entry.kind === 'run' ? profileVerdicts(run.cases, run.header.selection)
    : claimedProfiles(claims);
  const requirements = run && trusted ? requirementRows(run.cases) : undefined;
  return {
    entry, implementation, version,
    adapter: document?.adapter.name ?? run?.header.adapter.name ?? str((claims?.['adapter'] as Record<string, unknown> | undefined)?.['name']),
    date: document?.issuedAt ?? run?.header.startedAt ?? str(claims?.['issuedAt'], ''),
    ...(homepage ? { homepage } : {}),
    ...(document ? { issuer: document.issuer, document } : typeof claims?.['issuer'] === 'string' ? { issuer: claims['issuer'] } : {}),
    profiles: profiles.map(({ profile, verdict, percent, incompleteBecause, passed, ran, failed, blocked, skipped, requirements: covered }) => ({
      profile, verdict, percent, ...(incompleteBecause ? { incompleteBecause } : {}),
      ...(passed !== undefined ? { passed, ran, failed, blocked, skipped } : {}), ...(covered ? { requirements: covered } : {}),
    })),
    trusted,
    ...(requirements ? { requirements, met: metRequirements(requirements) } : {}),
  };
}

const ROW_ORDER: Record<RequirementRow['outcome'], number> = { untested: 0, skipped: 1, passed: 2, warning: 3, errored: 4, failed: 5 };

/** The rows of several runs of one version as one: each requirement's worst outcome, its cases united. */
export function mergeRequirementRows(runs: ReadonlyArray<readonly RequirementRow[]>): RequirementRow[] {
  const merged = new Map<string, RequirementRow>();
  for (const rows of runs) {
    for (const row of rows) {
      const seen = merged.get(row.id);
      if (!seen) {
        merged.set(row.id, { ...row, cases: [...row.cases], failedOn: [...row.failedOn], warnedOn: [...row.warnedOn] });
        continue;
      }
      const unite = (a: string[], b: string[]): string[] => [...new Set([...a, ...b])];
      seen.cases = unite(seen.cases, row.cases);
      seen.failedOn = unite(seen.failedOn, row.failedOn);
      seen.warnedOn = unite(seen.warnedOn, row.warnedOn);
      if (ROW_ORDER[row.outcome] > ROW_ORDER[seen.outcome]) seen.outcome = row.outcome;
    }
  }
  return [...merged.values()];
}

function versionViews(ordered: readonly EntryView[]): VersionView[] {
  const groups: EntryView[][] = [];
  for (const view of ordered) {
    const group = groups.find((candidate) => compareVersions(candidate[0]!.version, view.version) === 0);
    if (group) group.push(view);
    else groups.push([view]);
  }
  return groups.map((entries) => {
    const best = [...entries].sort((a, b) => STATUS_RANK[b.entry.status] - STATUS_RANK[a.entry.status] || b.date.localeCompare(a.date))[0]!;
    const measured = entries.filter((view) => view.trusted && view.requirements).map((view) => view.requirements!);
    const requirements = measured.length > 0 ? mergeRequirementRows(measured) : undefined;
    return { version: best.version, best, entries, ...(requirements ? { requirements, met: metRequirements(requirements) } : {}) };
  });
}

/** The site's model from its loaded inputs. */
export function siteModel(inputs: LoadedInputs, harness: HarnessFacts, now = new Date()): SiteModel {
  const entries = inputs.entries.map(entryView);
  const byName = new Map<string, EntryView[]>();
  for (const view of entries) byName.set(view.implementation, [...(byName.get(view.implementation) ?? []), view]);
  const implementations = [...byName].map(([name, views]): ImplementationView => {
    const ordered = [...views].sort((a, b) => compareVersions(a.version, b.version) || a.date.localeCompare(b.date));
    const versions = versionViews(ordered);
    // An unverified certificate's claim of a newer version never hides what was verified (or measured).
    const latestVersion = [...versions].reverse().find((version) => version.best.trusted) ?? versions.at(-1)!;
    return { name, slug: slugOf(name), entries: ordered, versions, latestVersion, latest: latestVersion.best };
  }).sort((a, b) => a.name.localeCompare(b.name));
  const matrix = mergeMatrices(inputs.matrices);
  const throughput = newestThroughput(inputs.throughputs ?? []);
  return { generatedAt: now.toISOString(), harness, entries, implementations, ...(matrix ? { matrix } : {}), ...(throughput ? { throughput } : {}), rejected: inputs.rejected };
}

/** Each requirement's row in every implementation's latest version (its trusted runs merged), by ID. */
export function requirementMatrix(model: SiteModel): Map<string, Array<{ implementation: ImplementationView; version: VersionView; row: RequirementRow }>> {
  const byId = new Map<string, Array<{ implementation: ImplementationView; version: VersionView; row: RequirementRow }>>();
  for (const implementation of model.implementations) {
    const version = implementation.latestVersion;
    for (const row of version.requirements ?? []) byId.set(row.id, [...(byId.get(row.id) ?? []), { implementation, version, row }]);
  }
  return byId;
}
