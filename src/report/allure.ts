/**
 * Allure results written from run.jsonl (not by a vitest plugin, so merged shards and replays get them
 * too): one `<uuid>-result.json` per case with labels for requirement ID, profile, area (feature/suite),
 * adapter (parentSuite, host) and severity from the requirement level; the transcript as an attachment;
 * environment.properties with the fingerprint. `npm run report:allure` renders them with allure-commandline.
 * @module
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REQUIREMENTS, type Requirement } from '../spec/requirements.js';
import type { Outcome } from './outcomes.js';
import { environmentFingerprint } from './fingerprint.js';
import { areaOf, type RunData } from './run-data.js';
import { needsRepro, reproCommand } from './repro.js';

const STATUS: Record<Outcome, string> = { passed: 'passed', warning: 'passed', failed: 'failed', errored: 'broken', skipped: 'skipped' };

/** A UUID-shaped, deterministic id (same run, same case -> same file name). */
function stableUuid(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function severity(requirements: readonly string[]): string {
  const levels = requirements.map((id) => (REQUIREMENTS as Record<string, Requirement | undefined>)[id]?.level);
  return levels.includes('MUST') ? 'critical' : levels.includes('SHOULD') ? 'normal' : 'minor';
}

/** Writes the Allure results of `runs` into `dir`; returns how many results it wrote. */
export function writeAllureResults(runs: readonly RunData[], dir: string): number {
  mkdirSync(dir, { recursive: true });
  let written = 0;
  for (const run of runs) {
    const adapter = run.header.adapter.name;
    let clock = Date.parse(run.header.startedAt);
    for (const record of run.cases) {
      const uuid = stableUuid(`${run.header.runId}/${adapter}/${record.id}`);
      const attachment = `${uuid}-transcript.json`;
      writeFileSync(join(dir, attachment), JSON.stringify(record.transcript, null, 2));
      const start = clock;
      clock += Math.round(record.durationMs);
      const result = {
        uuid,
        historyId: createHash('md5').update(`${adapter}/${record.id}`).digest('hex'),
        testCaseId: createHash('md5').update(record.id).digest('hex'),
        fullName: `${adapter}: ${record.id}`,
        name: `${record.id}: ${record.title}`,
        status: STATUS[record.outcome],
        statusDetails: {
          message: [record.reason, record.knownIssue ? `known issue ${record.knownIssue.key}: ${record.knownIssue.reason}` : '', record.flaky ? 'flaky: retries disagreed' : ''].filter(Boolean).join('\n'),
          trace: [record.error?.message, needsRepro(record) ? `reproduce: ${reproCommand(run, record)}` : ''].filter(Boolean).join('\n'),
          ...(record.flaky ? { flaky: true } : {}),
          ...(record.knownIssue ? { known: true } : {}),
        },
        stage: 'finished',
        start,
        stop: clock,
        labels: [
          { name: 'parentSuite', value: adapter },
          { name: 'suite', value: areaOf(record) },
          { name: 'subSuite', value: record.role },
          { name: 'feature', value: areaOf(record) },
          { name: 'host', value: adapter },
          { name: 'framework', value: 'didcomm-conformance' },
          { name: 'language', value: 'javascript' },
          { name: 'severity', value: severity(record.requirements) },
          { name: 'tag', value: `adapter:${adapter}` },
          ...record.requirements.map((id) => ({ name: 'story', value: id })),
          ...record.requirements.map((id) => ({ name: 'requirement', value: id })),
          ...record.profiles.map((profile) => ({ name: 'epic', value: `profile ${profile}` })),
          ...record.profiles.map((profile) => ({ name: 'profile', value: profile })),
          { name: 'adapter', value: adapter },
          { name: 'area', value: areaOf(record) },
        ],
        links: [
          ...(record.knownIssue?.issue ? [{ type: 'issue', name: record.knownIssue.key, url: record.knownIssue.issue }] : []),
        ],
        parameters: [{ name: 'seed', value: String(run.header.seed) }],
        attachments: [{ name: 'transcript', source: attachment, type: 'application/json' }],
      };
      writeFileSync(join(dir, `${uuid}-result.json`), JSON.stringify(result, null, 2));
      written += 1;
    }
  }
  const lines = runs.flatMap((run) => Object.entries(environmentFingerprint(run.header)).map(([key, value]) => `${run.header.adapter.name}.${key}=${String(value).replace(/[\r\n]/g, ' ')}`));
  writeFileSync(join(dir, 'environment.properties'), `${lines.join('\n')}\n`);
  return written;
}
