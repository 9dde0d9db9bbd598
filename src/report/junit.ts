/**
 * junit.xml for CI systems: one <testsuite> per adapter run, one <testcase> per case (classname = the
 * case's area and adapter, name = case ID). failed -> <failure>, errored -> <error>, skipped -> <skipped>.
 * A failure under a known issue is still a failure here; CI tools that need it green use the exit code.
 * @module
 */
import { areaOf, type RunData } from './run-data.js';
import { needsRepro, reproCommand } from './repro.js';

/** XML 1.0 text: escapes markup and drops the characters XML cannot carry at all. */
export function xmlText(text: string): string {
  return text
    .replace(/[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** The junit.xml of `runs`. */
export function renderJunit(runs: readonly RunData[]): string {
  const suites = runs.map((run) => {
    const seconds = (ms: number): string => (ms / 1000).toFixed(3);
    const total = run.cases.reduce((sum, record) => sum + record.durationMs, 0);
    const cases = run.cases.map((record) => {
      const message = xmlText((record.reason ?? record.outcome).split('\n')[0]!.slice(0, 500));
      const body = xmlText([
        `requirements: ${record.requirements.join(', ')}`,
        record.error?.message ?? record.reason ?? '',
        record.knownIssue ? `known issue ${record.knownIssue.key}: ${record.knownIssue.reason}` : '',
        needsRepro(record) ? `reproduce: ${reproCommand(run, record)}` : '',
      ].filter(Boolean).join('\n'));
      const inner = record.outcome === 'failed' ? `<failure message="${message}" type="${xmlText(record.error?.requirement ?? 'conformance')}">${body}</failure>`
        : record.outcome === 'errored' ? `<error message="${message}" type="${xmlText(record.error?.code ?? record.error?.kind ?? 'error')}">${body}</error>`
        : record.outcome === 'skipped' ? `<skipped message="${message}"/>`
        : record.outcome === 'warning' ? `<system-out>${xmlText(`warning: ${record.reason ?? ''}`)}</system-out>` : '';
      const props = `<properties>${record.requirements.map((id) => `<property name="requirement" value="${xmlText(id)}"/>`).join('')}${record.profiles.map((p) => `<property name="profile" value="${xmlText(p)}"/>`).join('')}</properties>`;
      return `    <testcase classname="${xmlText(`${run.header.adapter.name}.${areaOf(record)}`)}" name="${xmlText(record.id)}" file="${xmlText(record.file)}" time="${seconds(record.durationMs)}">${props}${inner}</testcase>`;
    });
    return `  <testsuite name="${xmlText(run.header.adapter.name)}" tests="${run.cases.length}" failures="${run.totals.failed}" errors="${run.totals.errored}" skipped="${run.totals.skipped}" time="${seconds(total)}" timestamp="${xmlText(run.header.startedAt)}">
    <properties><property name="runId" value="${xmlText(run.header.runId)}"/><property name="seed" value="${run.header.seed}"/><property name="node" value="${xmlText(run.header.node)}"/><property name="harness" value="${xmlText(`${run.header.harness.version} ${run.header.harness.commit ?? ''}`.trim())}"/></properties>
${cases.join('\n')}
  </testsuite>`;
  });
  const tests = runs.reduce((n, run) => n + run.cases.length, 0);
  const failures = runs.reduce((n, run) => n + run.totals.failed, 0);
  const errors = runs.reduce((n, run) => n + run.totals.errored, 0);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="didcomm-conformance" tests="${tests}" failures="${failures}" errors="${errors}">\n${suites.join('\n')}\n</testsuites>\n`;
}
