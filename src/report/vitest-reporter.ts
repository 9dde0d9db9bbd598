/**
 * The vitest reporter of a conformance run: turns each finished test case into a case record from its
 * task meta (never from its title), appends it to run.jsonl at once, and writes the footer at the end.
 * @module
 */
import { relative } from 'node:path';
import type { Reporter, TestCase, TestModule, TestRunEndReason } from 'vitest/node';
import type { SerializedError } from 'vitest';
import type {} from '../runner/run-context.js';
import { emptyTotals, type Outcome, type Totals } from './outcomes.js';
import type { CaseRecord, RunHeader, RunRecordWriter } from './run-records.js';
import { profileVerdicts } from '../runner/verdicts.js';
import type { VerdictInput } from './verdicts.js';

/** Called with each record as it is written, for progress output. */
export type CaseListener = (record: CaseRecord) => void;

/** Writes case records and the footer; the header is written by whoever creates it. */
export class RunRecordReporter implements Reporter {
  readonly totals: Totals = emptyTotals();
  unexpected = 0;
  readonly harnessErrors: string[] = [];
  /** What each case counts towards, for the profile verdicts of the footer. */
  readonly verdictInputs: VerdictInput[] = [];
  readonly #selection: RunHeader['selection'];
  #footerWritten = false;
  readonly #writer: RunRecordWriter;
  readonly #root: string;
  readonly #onCase: CaseListener | undefined;
  readonly #onlyCases: ReadonlySet<string> | undefined;

  /** `onlyCases`: the run's `--case` IDs; the other cases of their files are filtered out by vitest and not recorded. */
  constructor(writer: RunRecordWriter, header: RunHeader, root: string, onCase?: CaseListener, onlyCases?: readonly string[]) {
    this.#onlyCases = onlyCases ? new Set(onlyCases) : undefined;
    this.#selection = header.selection;
    this.#writer = writer;
    this.#root = root;
    this.#onCase = onCase;
    writer.write(header);
  }

  onTestCaseResult(testCase: TestCase): void {
    // After an interrupt's footer nothing more is written: a case still finishing then is not in the run.
    if (this.#footerWritten) return;
    const meta = testCase.meta().conformance;
    if (!meta) {
      this.harnessErrors.push(`${testCase.fullName}: not declared with conformanceCase (no conformance meta)`);
      return;
    }
    const result = testCase.result();
    // Not chosen by --case: vitest never ran it, so it is no outcome of the agent's (it read as "5 skipped").
    if (this.#onlyCases && !this.#onlyCases.has(meta.id) && !meta.outcome && result.state === 'skipped') return;
    // A case whose body never reached its end (a vitest timeout, say) has no outcome of its own: harness trouble.
    const outcome: Outcome = meta.outcome ?? (result.state === 'passed' ? 'passed' : result.state === 'skipped' ? 'skipped' : 'errored');
    const reason = meta.reason ?? (meta.outcome ? undefined : result.errors?.[0]?.message);
    const record: CaseRecord = {
      type: 'case',
      id: meta.id,
      title: testCase.name.slice(meta.id.length + 2),
      file: relative(this.#root, testCase.module.moduleId),
      requirements: meta.requirements,
      profiles: meta.profiles,
      role: meta.role,
      outcome,
      ...(reason === undefined ? {} : { reason }),
      ...(meta.knownIssue ? { knownIssue: meta.knownIssue } : {}),
      ...(meta.error ? { error: meta.error } : !meta.outcome && outcome === 'errored' ? { error: { kind: 'harness' as const, message: reason ?? 'the case did not finish' } } : {}),
      ...(meta.warnings ? { warnings: meta.warnings } : {}),
      ...(meta.notes ? { notes: meta.notes } : {}),
      ...(meta.strictOutcome ? { strictOutcome: meta.strictOutcome } : {}),
      ...(meta.rootCause ? { rootCause: meta.rootCause } : {}),
      durationMs: Math.round((testCase.diagnostic()?.duration ?? 0) * 100) / 100,
      transcript: meta.transcript ?? [],
    };
    this.totals[outcome] += 1;
    // Everything but the transcript: what the profile verdicts read.
    const { transcript: _transcript, ...input } = record;
    this.verdictInputs.push(input);
    if ((outcome === 'failed' || outcome === 'errored') && !record.knownIssue) this.unexpected += 1;
    this.#writer.write(record);
    this.#onCase?.(record);
  }

  onTestModuleEnd(testModule: TestModule): void {
    for (const error of testModule.errors()) this.harnessErrors.push(`${relative(this.#root, testModule.moduleId)}: ${error.message}`);
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>, errors: ReadonlyArray<SerializedError>, reason: TestRunEndReason): void {
    for (const error of errors) this.harnessErrors.push(error.message);
    // A selection that names no suite file is a usage mistake, not a clean run of nothing.
    if (modules.length === 0 && reason !== 'interrupted') this.harnessErrors.push('no suite file matches the --suite selection (see `didcomm-conformance list suites`)');
    this.writeFooter(reason === 'interrupted');
  }

  /** Writes the footer once (also called by the runner on SIGINT). */
  writeFooter(interrupted: boolean): void {
    if (this.#footerWritten) return;
    this.#footerWritten = true;
    this.#writer.write({
      type: 'footer',
      finishedAt: new Date().toISOString(),
      interrupted,
      totals: this.totals,
      unexpected: this.unexpected,
      harnessErrors: this.harnessErrors,
      profiles: profileVerdicts(this.verdictInputs, this.#selection),
    });
  }
}
