/**
 * "What to fix, in order": the failed and errored cases of a run grouped by cause, one group per thing a
 * vendor would fix, ordered so the first item is the first to work on. Shared by report.html, the console
 * end of `run` and summary.json, so the three never disagree.
 *
 * A cause is, in this order of priority:
 * 1. `adapter`: adapter trouble (errored cases, by error code): nothing else can be trusted until it is gone;
 * 2. `bug`: failures in what the agent claims, grouped by the one requirement each breaks (`error.requirement`),
 *    or by the shared `rootCause` (a message the harness refused, an envelope the agent cannot open);
 * 3. `missing-feature`: a feature the spec requires and the agent does not claim (the case runner's
 *    "required but not claimed" root cause, ENC-ALG-001/002/003, ENV-SIGN-001/002): one item per capability rule
 *    and direction, however many cases it blocks.
 * Within a kind, the cause with most cases comes first; groups excused entirely by known issues come last.
 * The failed cases are grouped by `failureGroups` (src/report/verdicts.ts, which summary.json's `causes` use
 * too); this module adds the errored cases, the kind, the level and the order. Verdicts are never recomputed:
 * the records' own `outcome`, `error.requirement` and `rootCause` decide.
 * @module
 */
import { ADAPTER_ERROR_CODES, type AdapterErrorCode } from '../errors/adapter-error.js';
import { REQUIREMENTS, type Requirement } from '../spec/requirements.js';
import type { CaseRecord } from './run-records.js';
import { failureGroups } from './verdicts.js';

export type CauseKind = 'adapter' | 'bug' | 'missing-feature';

/** One thing to fix, with the cases it explains. */
export interface FailureCause {
  /** Stable key (anchors, tests): `adapter:ERR_ADAPTER_TIMEOUT`, `bug:ENV-PLAIN-006`, `root:ENC-ALG-003:<summary>`. */
  key: string;
  kind: CauseKind;
  /** The requirement it breaks (absent for adapter trouble). */
  requirement?: string;
  /** The requirement's level text in the registry (`MUST S`, `SHOULD R / MUST NOT R`, ...), when known. */
  level?: string;
  /** One line: what is wrong. */
  summary: string;
  /** What to do about it, when the harness knows (adapter trouble). */
  hint?: string;
  cases: CaseRecord[];
  /** How many of `cases` adapter.json declares as known issues. */
  knownIssues: number;
}

/** A requirement warned on, with the cases and their messages. */
export interface WarningGroup {
  requirement: string;
  level?: string;
  text?: string;
  cases: Array<{ record: CaseRecord; message: string }>;
}

const KIND_ORDER: Record<CauseKind, number> = { adapter: 0, bug: 1, 'missing-feature': 2 };

/** The text the case runner gives a failure whose cause is a required capability the agent does not claim. */
const NOT_CLAIMED = 'required but not claimed';

function requirementEntry(id: string | undefined): Requirement | undefined {
  return id ? (REQUIREMENTS as Record<string, Requirement | undefined>)[id] : undefined;
}

/** True when the case failed because the agent lacks a capability the spec requires. */
export function isMissingFeature(record: CaseRecord): boolean {
  return record.rootCause !== undefined && [record.reason, record.error?.message].some((text) => text?.includes(NOT_CLAIMED));
}

/** The cause of an errored case: adapter trouble, by error code. */
function adapterCause(record: CaseRecord): Omit<FailureCause, 'cases' | 'knownIssues'> {
  const code = record.error?.code ?? (record.error?.kind === 'harness' ? 'harness error' : 'errored');
  const known = Object.hasOwn(ADAPTER_ERROR_CODES, code) ? ADAPTER_ERROR_CODES[code as AdapterErrorCode] : undefined;
  const hint = record.error?.hint ?? known?.hint;
  return {
    key: `adapter:${code}`, kind: 'adapter',
    summary: known ? `${code}: ${known.summary}` : `${code}: ${record.error?.message.split('\n')[0] ?? record.reason ?? 'the case could not run'}`,
    ...(hint ? { hint } : {}),
  };
}

/** The key of the cause a failed case belongs to: the same grouping as failureGroups. */
function failedKey(record: Pick<CaseRecord, 'rootCause' | 'error'>): string {
  const root = record.rootCause;
  return root ? `root:${root.requirement}:${root.summary}` : `bug:${record.error?.requirement ?? '?'}`;
}

/** The key of the cause a failed or errored case belongs to (what groups it with others). */
export function causeKey(record: CaseRecord): string {
  return record.outcome === 'errored' ? adapterCause(record).key : failedKey(record);
}

/** The failed and errored cases of `cases`, grouped by cause, first to fix first. */
export function failureCauses(cases: readonly CaseRecord[]): FailureCause[] {
  const byId = new Map(cases.map((record) => [record.id, record]));
  const causes: FailureCause[] = [];
  const adapter = new Map<string, FailureCause>();
  for (const record of cases) {
    if (record.outcome !== 'errored') continue;
    const cause = adapterCause(record);
    const group = adapter.get(cause.key) ?? { ...cause, cases: [], knownIssues: 0 };
    group.cases.push(record);
    adapter.set(cause.key, group);
  }
  causes.push(...adapter.values());
  for (const group of failureGroups(cases)) {
    const records = group.cases.map((id) => byId.get(id)!);
    const first = records[0]!;
    const entry = requirementEntry(group.requirement);
    causes.push({
      key: failedKey(first),
      kind: group.rootCause && isMissingFeature(first) ? 'missing-feature' : 'bug',
      ...(group.requirement !== '?' ? { requirement: group.requirement } : {}),
      ...(entry ? { level: entry.levelText } : {}),
      summary: group.rootCause ? group.summary : entry?.text ?? (group.summary || firstLine(first)),
      cases: records,
      knownIssues: 0,
    });
  }
  for (const cause of causes) cause.knownIssues = cause.cases.filter((record) => record.knownIssue).length;
  const allKnown = (cause: FailureCause): number => (cause.knownIssues === cause.cases.length ? 1 : 0);
  return causes.sort((a, b) =>
    allKnown(a) - allKnown(b) || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || b.cases.length - a.cases.length || a.key.localeCompare(b.key));
}

function firstLine(record: CaseRecord): string {
  return (record.reason ?? record.error?.message ?? record.outcome).split('\n')[0]!;
}

/** The warnings of `cases`, one group per requirement, most cases first. */
export function warningGroups(cases: readonly CaseRecord[]): WarningGroup[] {
  const groups = new Map<string, WarningGroup>();
  for (const record of cases) {
    for (const warning of record.warnings ?? []) {
      const entry = requirementEntry(warning.requirement);
      const group = groups.get(warning.requirement) ?? { requirement: warning.requirement, ...(entry ? { level: entry.levelText, text: entry.text } : {}), cases: [] };
      group.cases.push({ record, message: warning.message });
      groups.set(warning.requirement, group);
    }
  }
  return [...groups.values()].sort((a, b) => b.cases.length - a.cases.length || a.requirement.localeCompare(b.requirement));
}

/** A short label for a cause's kind. */
export const CAUSE_KIND_LABEL: Record<CauseKind, string> = {
  adapter: 'adapter trouble',
  bug: 'fails a requirement',
  'missing-feature': 'required, not claimed',
};

/** The digest's Markdown emphasis markers dropped, for plain text (the words and `code` stay). */
function plain(text: string): string {
  return text.replace(/\*\*([^*]+)\*\*/g, '$1').replace(/(^|[\s(])\*([^*\s][^*]*)\*/g, '$1$2');
}

/** One line for a console or a list: `ENV-PLAIN-006 (MUST S): "to" ... — 2 cases`; the summary cut at `max`. */
export function causeLine(cause: FailureCause, max = 160): string {
  const head = cause.requirement ? `${cause.requirement}${cause.level ? ` (${cause.level})` : ''}: ` : '';
  const summary = plain(cause.summary);
  const count = `${cause.cases.length} case${cause.cases.length === 1 ? '' : 's'}`;
  const known = cause.knownIssues === 0 ? '' : cause.knownIssues === cause.cases.length ? ', known issue' : `, ${cause.knownIssues} known issue(s)`;
  return `${head}${summary.length > max ? `${summary.slice(0, max - 1)}…` : summary} — ${count}${known}`;
}
