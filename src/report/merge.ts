/**
 * `report merge DIR...`: shards of one run (`run --shard i/n`, e.g. a CI matrix) combined into one run.jsonl
 * per adapter: the first shard's header (without its shard), every case once, a footer with recomputed
 * totals. Two shards that both ran a case is an error (the shards overlapped).
 * @module
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadRun, totalsOf, type RunData } from './run-data.js';
import { RunRecordWriter, type CaseRecord, type RunHeader } from './run-records.js';
import { safePathSegment } from './safe-path.js';

/** Merges shard runs (all of one adapter) into `outDir/run.jsonl`; returns the merged run. */
export function mergeRuns(shards: readonly RunData[], outDir: string): RunData {
  if (shards.length === 0) throw new Error('nothing to merge');
  const adapters = new Set(shards.map((shard) => shard.header.adapter.name));
  if (adapters.size > 1) throw new Error(`shards of different adapters (${[...adapters].join(', ')}): merge each adapter's shards separately`);
  const seeds = new Set(shards.map((shard) => shard.header.seed));
  const first = shards[0]!.header;
  const { shard: _shard, ...selection } = first.selection;
  const header: RunHeader = {
    ...first,
    runId: `${first.runId}-merged`,
    // The shards merged stay named, so a partial set is never mistaken for a full run (profile verdicts).
    selection: { ...selection, ...(shards.length > 1 ? { shard: `merged ${shards.map((s) => s.header.selection.shard ?? 'all').join(',')}` } : first.selection.shard ? { shard: first.selection.shard } : {}) },
  };
  const cases: CaseRecord[] = [];
  const seen = new Map<string, string>();
  for (const shard of shards) {
    for (const record of shard.cases) {
      const previous = seen.get(record.id);
      if (previous) throw new Error(`case ${record.id} is in ${previous} and ${shard.dir}: the shards overlap`);
      seen.set(record.id, shard.dir);
      cases.push(record);
    }
  }
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, 'run.jsonl');
  rmSync(file, { force: true });
  const writer = new RunRecordWriter(file);
  writer.write(header);
  for (const record of cases) writer.write(record);
  const totals = totalsOf(cases);
  const finished = shards.map((shard) => shard.footer?.finishedAt ?? '').sort().at(-1) || new Date().toISOString();
  writer.write({
    type: 'footer',
    finishedAt: finished,
    interrupted: shards.some((shard) => !shard.footer || shard.footer.interrupted),
    totals,
    unexpected: cases.filter((record) => (record.outcome === 'failed' || record.outcome === 'errored') && !record.knownIssue).length,
    harnessErrors: [
      ...shards.flatMap((shard) => shard.footer?.harnessErrors ?? [`${shard.dir}: no footer (the shard was killed)`]),
      ...(seeds.size > 1 ? [`the shards used different seeds (${[...seeds].join(', ')}): run them with the same --seed`] : []),
    ],
  });
  writer.close();
  return loadRun(file);
}

/** Merges shard folders, grouping them by adapter: one adapter -> `outDir/run.jsonl`, several -> `outDir/<adapter>/run.jsonl`. */
export function mergeShardDirs(dirs: readonly string[], outDir: string): RunData[] {
  const shards = dirs.map((dir) => loadRun(dir));
  const byAdapter = new Map<string, RunData[]>();
  for (const shard of shards) byAdapter.set(shard.header.adapter.name, [...(byAdapter.get(shard.header.adapter.name) ?? []), shard]);
  if (byAdapter.size === 1) return [mergeRuns(shards, outDir)];
  return [...byAdapter].map(([adapter, group]) => mergeRuns(group, join(outDir, safePathSegment(adapter))));
}
