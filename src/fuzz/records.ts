/**
 * A campaign as run records, like any run: per adapter a run.jsonl whose cases are its findings (one per
 * requirement and behaviour: `fuzz.<behaviour>.<requirement>`, failed, with the shrunk input's transcript),
 * the errored inputs (`fuzz.errored.case-<i>`) and the campaign itself (`fuzz.campaign.<mode>`, passed, with
 * the open differences as notes); with several adapters, a `differential` run whose cases are the
 * disagreement patterns. Stable case IDs let a baseline gate CI on "no new fuzz finding".
 * @module
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { KnownIssue } from '../adapter/protocol/v1/types.generated.js';
import { RunRecordWriter, type CaseRecord, type RunFooter, type RunHeader } from '../report/run-records.js';
import { emptyTotals } from '../report/outcomes.js';
import { safePathSegment } from '../report/safe-path.js';
import { folderDigest, harnessIdentity, registryIdentity } from '../runner/header.js';
import type { AdapterTally, CampaignResult } from './campaign.js';
import { describePlan, type FuzzMode } from './cases.js';
import { expectationKey } from './cells.js';
import type { Judgement } from './judge.js';
import type { ShrunkDisagreement, ShrunkFinding } from './shrink.js';

export interface CampaignInfo {
  kind: 'fuzz' | 'differential';
  mode: FuzzMode;
  seed: number;
  cases?: number;
  budgetMs?: number;
  jobs: number;
  startedAt: string;
  shrinkMs: number;
}

/** What each finding's record links to: its replay command, its candidate vector, the suite cases citing it. */
export interface FindingLinks {
  replay(runDir: string, caseId: string): string;
  candidate?: string;
  /** Absent when no conformance run of the adapter was there to compare with. */
  coveredBy?: string[];
}

const INPUT_CHARS = 256 * 1024;
const BEHAVIOUR_TITLES: Record<ShrunkFinding['behaviour'], string> = {
  'accepts-invalid': 'accepts what a receiver MUST reject',
  'rejects-valid': 'rejects what a receiver MUST accept',
  'wrong-content': 'returns other content than the envelope protects',
  'wrong-metadata': 'reports metadata the envelope does not prove',
  crash: 'crashes where it owes an answer',
  hang: 'hangs where it owes an answer',
};

export function findingCaseId(finding: Pick<ShrunkFinding, 'behaviour' | 'requirement'>): string {
  return `fuzz.${finding.behaviour}.${finding.requirement.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
}

export function differentialCaseId(disagreement: Pick<ShrunkDisagreement, 'expectation' | 'cells'>): string {
  const slug = disagreement.expectation.split(' (')[0]!.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/-+$/, '');
  const hash = createHash('sha256').update(`${disagreement.expectation}|${JSON.stringify(disagreement.cells)}`).digest('hex').slice(0, 8);
  return `differential.${slug}.${hash}`;
}

function runIdNow(): string {
  return `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`;
}

function header(root: string, info: CampaignInfo, adapter: RunHeader['adapter'], adapters: string[]): RunHeader {
  return {
    type: 'header', format: 1, runId: runIdNow(), startedAt: info.startedAt, harness: harnessIdentity(root), adapter,
    vectors: { path: 'vectors', digest: folderDigest(join(root, 'vectors')) },
    suites: { digest: folderDigest(join(root, 'suites'))! },
    registry: registryIdentity(), seed: info.seed,
    selection: { suites: `fuzz:${info.mode}` },
    node: process.version,
    fuzz: { kind: info.kind, mode: info.mode, seed: info.seed, ...(info.cases ? { cases: info.cases } : {}), ...(info.cases ? {} : { budgetMs: info.budgetMs ?? 0 }), jobs: info.jobs, adapters },
  } as RunHeader;
}

function knownIssueOf(tally: AdapterTally, caseId: string, requirement: string): CaseRecord['knownIssue'] {
  const issues = (tally.adapter.manifest.knownIssues ?? {}) as Record<string, KnownIssue>;
  for (const key of [caseId, requirement]) {
    const issue = issues[key];
    if (issue) return { key, reason: issue.reason, ...(issue.issue ? { issue: issue.issue } : {}) };
  }
  return undefined;
}

function answerText(finding: ShrunkFinding): string {
  const answer = finding.observation.answer;
  return answer.status === 'rejected' ? `rejected ${answer.code}: ${answer.message.slice(0, 300)}` : answer.status === 'accepted' ? 'accepted' : `${answer.status}: ${answer.detail.slice(0, 300)}`;
}

function findingRecord(tally: AdapterTally, finding: ShrunkFinding, links: FindingLinks, runDir: string): CaseRecord {
  const id = findingCaseId(finding);
  const { observation } = finding;
  const detail = observation.judgement.kind === 'finding' ? observation.judgement.detail : `the shrunk input now gives: ${observation.judgement.kind}`;
  const record: CaseRecord & { fuzz: object } = {
    type: 'case', id, title: `${BEHAVIOUR_TITLES[finding.behaviour]} (${finding.requirement}), found by fuzzing`, file: 'src/fuzz',
    requirements: [finding.requirement], profiles: [], role: 'receiver',
    outcome: finding.reproduced ? 'failed' : 'errored',
    reason: finding.reproduced ? `${detail} — ${describePlan(observation)}` : `did not reproduce when replayed after shrinking (${describePlan(observation)})`,
    error: finding.reproduced ? { kind: 'assertion', requirement: finding.requirement, message: detail } : { kind: 'harness', code: 'ERR_FUZZ_NOT_REPRODUCED', message: detail },
    durationMs: 0,
    transcript: observation.transcript,
    fuzz: {
      behaviour: finding.behaviour, requirement: finding.requirement, count: finding.count, from: finding.from, base: observation.base, steps: observation.steps,
      input: observation.text.length > INPUT_CHARS ? `${observation.text.slice(0, INPUT_CHARS)}…[cut]` : observation.text, inputBytes: Buffer.byteLength(observation.text),
      expectation: expectationKey(observation.expectation), answer: answerText(finding), reproduced: finding.reproduced,
      replay: links.replay(runDir, id), ...(links.candidate ? { candidate: links.candidate } : {}), ...(links.coveredBy ? { coveredBy: links.coveredBy } : {}),
    },
  };
  const known = knownIssueOf(tally, id, finding.requirement);
  if (known) record.knownIssue = known;
  return record;
}

function campaignRecord(tally: AdapterTally, info: CampaignInfo, result: Pick<CampaignResult, 'cases' | 'interrupted' | 'shrunk'>): CaseRecord {
  const notes = [...tally.openDifferences].sort(([a], [b]) => a.localeCompare(b)).map(([requirement, count]) => ({
    requirement, message: `${count} input(s) answered otherwise than the reference where ${requirement} leaves the answer to the receiver (not judged)`,
  }));
  return {
    type: 'case', id: `fuzz.campaign.${info.mode}`, title: info.mode === 'live' ? 'fuzzing live: delivered to the agent\'s endpoint, judged by its answers' : `fuzzing through unpack (${info.mode})`, file: 'src/fuzz', requirements: [], profiles: [], role: 'receiver',
    outcome: tally.unsupported ? 'skipped' : 'passed',
    ...(tally.unsupported ? { reason: tally.unsupported } : { reason: `${result.interrupted ? (result.cases === 0 ? 'interrupted before the first case: ' : `interrupted after cases 0..${result.cases - 1} (findings replayed, not shrunk): `) : ''}${tally.counts.asked} inputs asked, ${result.shrunk.findings.filter((f) => f.adapter === tally.name).length} distinct finding(s), ${tally.counts.errored} errored, ${tally.counts.notAsked} not asked (their base's control failed)` }),
    ...(notes.length > 0 ? { notes } : {}),
    durationMs: 0, transcript: [],
  };
}

function erroredRecords(tally: AdapterTally): CaseRecord[] {
  return tally.errored.map((item) => ({
    type: 'case', id: `fuzz.errored.case-${item.index}`, title: `case ${item.index} could not be judged`, file: 'src/fuzz', requirements: [], profiles: [], role: 'receiver',
    outcome: 'errored', reason: `${item.detail.slice(0, 300)} — ${describePlan(item.plan)}`, error: { kind: 'adapter', message: item.detail }, durationMs: 0, transcript: [],
  }));
}

function judgementText(judgement: Judgement): string {
  switch (judgement.kind) {
    case 'finding': return `breaks ${judgement.requirement} (${judgement.behaviour})`;
    case 'open-difference': return `open: ${judgement.because.split(':')[0]}`;
    case 'not-applicable': return `n/a: ${judgement.detail.slice(0, 120)}`;
    case 'errored': return `errored: ${judgement.detail.slice(0, 120)}`;
    default: return 'agrees with the reference';
  }
}

/** Who is the odd one out, judged against the reference (not by majority). */
export function oddOneOut(disagreement: ShrunkDisagreement): { text: string; failing: string[] } {
  const failing = Object.entries(disagreement.judgements).filter(([, j]) => j.kind === 'finding').map(([name]) => name);
  const describe = Object.entries(disagreement.cells).map(([name, cell]) => `${name} ${cell}`).join(', ');
  if (failing.length > 0) {
    const rules = [...new Set(failing.map((name) => { const j = disagreement.judgements[name] as Extract<Judgement, { kind: 'finding' }>; return `${j.requirement} ${j.behaviour}`; }))].join('; ');
    return { text: `the odd one out: ${failing.join(' and ')} (${rules}); judged against the reference (${disagreement.expectation})`, failing };
  }
  if (disagreement.expectation.startsWith('open')) return { text: `open: ${disagreement.expectation.slice(5)} leaves it to the receiver, a finding against no one (${describe})`, failing };
  return { text: `no one breaks a MUST here (${describe}): the differences are partial unwraps or inputs some adapters are not asked`, failing };
}

/** The requirement or entry an expectation key names (`must-reject JOSE-001` -> `JOSE-001`). */
export function expectationId(key: string): string {
  return key.replace(/^(must-reject|must-accept|open) /, '').replace(/ \(the lenient reference .*$/, '');
}

function disagreementRecord(disagreement: ShrunkDisagreement): CaseRecord {
  const id = differentialCaseId(disagreement);
  const odd = oddOneOut(disagreement);
  const requirement = expectationId(disagreement.expectation);
  const record: CaseRecord & { fuzz: object } = {
    type: 'case', id, title: `${Object.entries(disagreement.cells).map(([name, cell]) => `${name}=${cell}`).join(' ')} on ${disagreement.expectation}`,
    file: 'src/fuzz', requirements: [requirement], profiles: [], role: 'receiver',
    outcome: odd.failing.length > 0 ? 'failed' : 'passed',
    reason: odd.text,
    ...(odd.failing.length > 0 ? { error: { kind: 'assertion' as const, requirement, message: odd.text } } : { notes: [{ requirement, message: odd.text }] }),
    durationMs: 0, transcript: [],
    fuzz: {
      count: disagreement.count, from: disagreement.from, base: disagreement.base, steps: disagreement.steps,
      input: disagreement.text.length > INPUT_CHARS ? `${disagreement.text.slice(0, INPUT_CHARS)}…[cut]` : disagreement.text, inputBytes: Buffer.byteLength(disagreement.text),
      expectation: disagreement.expectation, cells: disagreement.cells,
      judgements: Object.fromEntries(Object.entries(disagreement.judgements).map(([name, j]) => [name, judgementText(j)])), oddOneOut: odd.text,
    },
  };
  return record;
}

function footer(cases: CaseRecord[], fuzz: object, interrupted: boolean): RunFooter {
  const totals = emptyTotals();
  for (const record of cases) totals[record.outcome] += 1;
  const unexpected = cases.filter((c) => (c.outcome === 'failed' || c.outcome === 'errored') && !c.knownIssue).length;
  return { type: 'footer', finishedAt: new Date().toISOString(), interrupted, totals, unexpected, harnessErrors: [], fuzz } as RunFooter;
}

function writeRun(dir: string, records: [RunHeader, ...CaseRecord[]], fuzz: object, interrupted: boolean): string {
  mkdirSync(dir, { recursive: true });
  rmSync(join(dir, 'run.jsonl'), { force: true });
  const writer = new RunRecordWriter(join(dir, 'run.jsonl'));
  try {
    const [first, ...cases] = records;
    writer.write(first);
    for (const record of cases) writer.write(record);
    writer.write(footer(cases, fuzz, interrupted));
  } finally {
    writer.close();
  }
  return writer.path;
}

function footerFacts(result: CampaignResult, info: CampaignInfo, tally?: AdapterTally): object {
  const seconds = result.durationMs / 1000;
  return {
    cases: result.cases, durationMs: Math.round(result.durationMs), shrinkMs: Math.round(info.shrinkMs),
    casesPerSecond: seconds > 0 ? Math.round((result.cases / seconds) * 10) / 10 : 0,
    corpus: { bases: result.bases.length, usable: result.usableBases.length },
    ...(tally ? {
      answers: tally.answers, counts: tally.counts, unusableBases: tally.unusableBases,
      openDifferences: Object.fromEntries(tally.openDifferences), trouble: tally.trouble, ...(tally.unsupported ? { unsupported: tally.unsupported } : {}),
    } : {}),
  };
}

/** The run folder of each adapter (and of the differential run) under `outDir`. */
export function runDirOf(outDir: string, name: string, several: boolean): string {
  return several ? join(outDir, safePathSegment(name)) : outDir;
}

/** Writes every run of the campaign; returns the run.jsonl paths. */
export function writeCampaignRuns(root: string, result: CampaignResult, info: CampaignInfo, outDir: string, links: (finding: ShrunkFinding) => FindingLinks): string[] {
  const several = result.tallies.length > 1;
  const names = result.tallies.map((t) => t.name);
  const files: string[] = [];
  for (const tally of result.tallies) {
    const dir = runDirOf(outDir, tally.name, several);
    const adapter = {
      name: tally.name, transport: tally.adapter.target.kind,
      ...(tally.adapter.manifestPath ? { manifestPath: tally.adapter.manifestPath } : {}),
      declared: tally.adapter.manifest.implementation, described: tally.described ?? {}, capabilities: tally.capabilities ?? {}, protocolVersion: 1,
    };
    const findings = result.shrunk.findings.filter((f) => f.adapter === tally.name).map((f) => findingRecord(tally, f, links(f), dir));
    files.push(writeRun(dir, [header(root, info, adapter, names), campaignRecord(tally, info, result), ...findings, ...erroredRecords(tally)], footerFacts(result, info, tally), result.interrupted));
  }
  if (several) {
    const adapter = { name: 'differential', transport: 'stdio' as const, declared: { name: 'differential', adapters: names }, described: { adapters: names }, capabilities: {} };
    // Disagreements where someone breaks a MUST first, then the open ones, each group by how often it showed.
    const cases = result.shrunk.disagreements.map(disagreementRecord).sort((a, b) => Number(a.outcome !== 'failed') - Number(b.outcome !== 'failed')
      || ((b as { fuzz?: { count: number } }).fuzz?.count ?? 0) - ((a as { fuzz?: { count: number } }).fuzz?.count ?? 0) || a.id.localeCompare(b.id));
    const summary: CaseRecord = {
      type: 'case', id: `differential.campaign.${info.mode}`, title: `the same ${result.cases} inputs to ${names.join(', ')}`, file: 'src/fuzz', requirements: [], profiles: [], role: 'receiver',
      outcome: 'passed', reason: `${result.disagreements.size} disagreement pattern(s) over ${[...result.disagreements.values()].reduce((n, d) => n + d.count, 0)} input(s)`, durationMs: 0, transcript: [],
    };
    files.push(writeRun(join(outDir, 'differential'), [header(root, { ...info, kind: 'differential' }, adapter, names), summary, ...cases], footerFacts(result, info), result.interrupted));
  }
  return files;
}
