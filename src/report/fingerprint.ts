/**
 * The environment fingerprint shown at the top of every report: what produced the run (harness version and
 * commit, Node, adapter as declared and as described, vectors and requirement-registry digests, seed), and
 * one short hash over all of it, so two reports can be seen at a glance to come from the same inputs.
 * @module
 */
import { createHash } from 'node:crypto';
import type { RunHeader } from './run-records.js';

export interface EnvironmentFingerprint {
  harness: string;
  node: string;
  adapter: string;
  implementation: string;
  protocolVersion?: number;
  vectors: string;
  registry: string;
  seed: number;
  /** The run's fixed clock (epoch seconds), when recorded. */
  clock?: number;
  /** What was selected: suites, profile, shard. */
  selection: string;
  /** Digest of the suites folder, when recorded. */
  suites?: string;
  /** The harness tree differed from its commit. */
  dirty?: boolean;
  /** 12 hex characters over everything above (seed, clock, selection, suites and dirtiness included). */
  hash: string;
}

function implementationText(value: object): string {
  const { name, version } = value as { name?: unknown; version?: unknown };
  return `${String(name ?? '?')} ${String(version ?? '?')}`;
}

/** The fingerprint of a run header. */
export function environmentFingerprint(header: RunHeader): EnvironmentFingerprint {
  const fields = {
    harness: `${header.harness.name} ${header.harness.version}${header.harness.commit ? ` (${header.harness.commit.slice(0, 12)})` : ''}`,
    node: header.node,
    adapter: `${header.adapter.name} (${header.adapter.transport})`,
    implementation: implementationText(header.adapter.described),
    ...(header.adapter.protocolVersion !== undefined ? { protocolVersion: header.adapter.protocolVersion } : {}),
    vectors: header.vectors.digest ? header.vectors.digest.slice(0, 16) : 'none',
    registry: `${header.registry.requirements} requirements, ${header.registry.digest.slice(0, 16)}`,
    seed: header.seed,
    ...(header.clock !== undefined ? { clock: header.clock } : {}),
    selection: `suites ${header.selection.suites}${header.selection.profile ? `, profile ${header.selection.profile}` : ''}${header.selection.shard ? `, shard ${header.selection.shard}` : ''}`,
    ...(header.suites ? { suites: header.suites.digest.slice(0, 16) } : {}),
    ...(header.harness.dirty !== undefined ? { dirty: header.harness.dirty } : {}),
  };
  return { ...fields, hash: createHash('sha256').update(JSON.stringify(fields)).digest('hex').slice(0, 12) };
}
