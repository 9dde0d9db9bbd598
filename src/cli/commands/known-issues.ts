/**
 * `didcomm-conformance known-issues --from RUN --adapter NAME [--write]`: regenerates the adapter's
 * `knownIssues` from a full run of it, keyed by the requirement each failure breaks (src/report/known-issues.ts).
 * Prints what would change; `--write` rewrites adapter.json. Exit codes: 0 done, 2 usage error (unreadable run,
 * no adapter.json, a run of another adapter or of part of the suites). Registered by register/known-issues.ts.
 * @module
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { AdapterNotFound, resolveAdapter } from '../../adapter/manifest.js';
import { formatUpdate, updateKnownIssues, type KnownIssues } from '../../report/known-issues.js';
import { loadRun, RunFileInvalid, type RunData } from '../../report/run-data.js';
import { printable } from '../../report/terminal-text.js';

class KnownIssuesUsage extends Error {}

/** Why `run` cannot stand for every failure of `adapter`, if so: entries of cases it did not run would be lost. */
function partialRunReason(run: RunData, adapter: string): string | undefined {
  if (run.header.adapter.name !== adapter) return `the run is of adapter "${run.header.adapter.name}", not "${adapter}"`;
  const { profile, suites, shard } = run.header.selection;
  if (profile || shard || suites !== '**') return `the run selected only part of the suites (${[suites !== '**' ? `--suite ${suites}` : '', profile ? `--profile ${profile}` : '', shard ? `--shard ${shard}` : ''].filter(Boolean).join(' ')}); known issues need a full run`;
  if (!run.footer) return 'the run did not finish (no footer record)';
  return undefined;
}

/** `known-issues`: the adapter's knownIssues from a full run of it, printed or (`write`) saved. */
export function knownIssuesAction(options: { from: string; adapter: string; write?: boolean }): void {
  try {
    const run = loadRun(options.from);
    const adapter = resolveAdapter(options.adapter);
    if (!adapter.manifestPath) throw new KnownIssuesUsage(`${options.adapter} has no adapter.json to update`);
    const partial = partialRunReason(run, adapter.name);
    if (partial) throw new KnownIssuesUsage(partial);
    const manifest = JSON.parse(readFileSync(adapter.manifestPath, 'utf8')) as { knownIssues?: KnownIssues };
    const existing = manifest.knownIssues ?? {};
    const update = updateKnownIssues(existing, run.cases);
    for (const line of formatUpdate(existing, update)) process.stdout.write(`${printable(line)}\n`);
    if (options.write) {
      manifest.knownIssues = update.next;
      writeFileSync(adapter.manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
      process.stdout.write(`written: ${adapter.manifestPath}\n`);
    } else {
      process.stdout.write('(not written: add --write to update adapter.json)\n');
    }
  } catch (error) {
    if (!(error instanceof KnownIssuesUsage || error instanceof RunFileInvalid || error instanceof AdapterNotFound)) throw error;
    process.stderr.write(`${printable(`didcomm-conformance known-issues: ${error.message}`)}\n`);
    process.exitCode = 2;
  }
}
