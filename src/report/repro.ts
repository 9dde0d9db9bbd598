/**
 * Reproducer bundles: for every failed or errored case, a folder `repro/<case-id>/` beside run.jsonl with
 * what a vendor needs to see and re-run the failure on their own desk:
 *
 *   repro.json        case ID, seed, requirement IDs with their text and spec link, expected vs observed,
 *                     the environment fingerprint, the one-line replay command, an index of the files below
 *   messages/*.txt    the exact bytes of every packed message the case sent to or got from the adapter
 *   did-docs.json     the DID documents the case used (imported, registered or created)
 *   public-keys.json  the public keys among them; private key members are dropped, never copied
 *   transcript.json   the case's transcript (private members already redacted at record time, dropped again)
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PRIVATE_JWK_MEMBERS } from '../adapter/transcript.js';
import { REQUIREMENTS, type Requirement } from '../spec/requirements.js';
import { packedOf } from './envelope-view.js';
import type { RunData } from './run-data.js';
import type { CaseRecord } from './run-records.js';
import { environmentFingerprint } from './fingerprint.js';
import { requirementLink } from './verdicts.js';
import { safePathSegment } from './safe-path.js';
import { harnessCommand, quoteArg } from './harness-command.js';

/** A deep copy of `value` without the private members of any JWK-like object (PRIVATE_JWK_MEMBERS). */
export function publicOnly(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(publicOnly);
  if (value === null || typeof value !== 'object') return value;
  const isJwk = typeof (value as { kty?: unknown }).kty === 'string';
  const copy: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    if (isJwk && PRIVATE_JWK_MEMBERS.has(key)) continue;
    copy[key] = publicOnly(member);
  }
  return copy;
}

/** Cases that get a bundle: failed and errored ones (known issues included: they are still failures). */
export function needsRepro(record: CaseRecord): boolean {
  return record.outcome === 'failed' || record.outcome === 'errored';
}

/** The folder of a case's bundle, inside the run folder (the case ID made one safe path segment). */
export function reproDir(run: Pick<RunData, 'dir'>, caseId: string): string {
  return join(run.dir, 'repro', safePathSegment(caseId));
}

/** The one-line command that replays a case, from any folder (absolute paths, the installed bin or node + its path). */
export function reproCommand(run: RunData, record: CaseRecord): string {
  return `${harnessCommand()} replay ${quoteArg(resolve(reproDir(run, record.id)))} --adapter ${quoteArg(adapterRef(run))}`;
}

/**
 * What `--adapter` needs to find the run's adapter again: its bundled name, else the path of its adapter.json;
 * a bare URL's adapter is named after its host (the header keeps no path), so it is given back as http://host/.
 */
export function adapterRef(run: Pick<RunData, 'header'>): string {
  const { name, manifestPath, transport } = run.header.adapter;
  if (!manifestPath && transport === 'http') return `http://${name}/`;
  if (!manifestPath || manifestPath.replace(/\\/g, '/').endsWith(`/adapters/${name}/adapter.json`)) return name;
  return manifestPath;
}

/** What a bundle's repro.json holds. */
export interface ReproManifest {
  format: 1;
  caseId: string;
  title: string;
  file: string;
  runId: string;
  seed: number;
  adapter: { name: string; manifestPath?: string; implementation: object };
  requirements: Array<{ id: string; level: string; text: string; spec: string; section?: string }>;
  expected: string;
  observed: { outcome: string; reason?: string; error?: CaseRecord['error']; warnings?: CaseRecord['warnings'] };
  fingerprint: ReturnType<typeof environmentFingerprint>;
  command: string;
  /** Envelopes of adapter calls (`call`, `method`) and of the wire between harness agents and the agent (`endpoint`). */
  messages: Array<{ file: string; direction: string; call?: number; method?: string; endpoint?: string }>;
}

function didDocumentsOf(record: CaseRecord): unknown[] {
  const documents = new Map<string, unknown>();
  for (const entry of record.transcript) {
    if (entry.kind !== 'call') continue;
    const document = (entry.params as { didDocument?: { id?: string } } | null)?.didDocument;
    if (document?.id) documents.set(document.id, document);
    if (entry.method === 'createIdentity' && entry.reply) {
      try {
        const created = (JSON.parse(entry.reply) as { result?: { didDocument?: { id?: string } } }).result?.didDocument;
        if (created?.id) documents.set(created.id, created);
      } catch {
        // not JSON: nothing to take
      }
    }
  }
  return [...documents.values()].map(publicOnly);
}

function publicKeysOf(record: CaseRecord, documents: unknown[]): unknown[] {
  const keys = new Map<string, unknown>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') {
      const object = value as Record<string, unknown>;
      if (typeof object['kty'] === 'string') keys.set(String(object['kid'] ?? JSON.stringify(publicOnly(object))), publicOnly(object));
      else if (object['publicKeyJwk'] && typeof object['id'] === 'string') keys.set(object['id'], { kid: object['id'], ...(publicOnly(object['publicKeyJwk']) as object) });
      else Object.values(object).forEach(visit);
    }
  };
  visit(documents);
  for (const entry of record.transcript) if (entry.kind === 'call') visit((entry.params as { secrets?: unknown } | null)?.secrets);
  return [...keys.values()];
}

/** Writes the bundle of one case; returns its folder. */
export function writeReproBundle(run: RunData, record: CaseRecord): string {
  const dir = reproDir(run, record.id);
  mkdirSync(join(dir, 'messages'), { recursive: true });
  const messages: ReproManifest['messages'] = [];
  let wireCount = 0;
  for (const entry of record.transcript) {
    if (entry.kind === 'wire') {
      const file = `messages/wire-${String(++wireCount).padStart(3, '0')}-harness-${entry.direction === 'in' ? 'received' : 'sent'}.txt`;
      writeFileSync(join(dir, file), entry.packed);
      messages.push({ file, direction: entry.direction === 'in' ? 'harness received' : 'harness sent', endpoint: entry.endpoint });
      continue;
    }
    if (entry.kind !== 'call') continue;
    for (const [index, found] of packedOf(entry.method, entry.params, entry.reply).entries()) {
      const file = `messages/${String(entry.id).padStart(3, '0')}-${entry.method}-${found.direction === 'to adapter' ? 'sent' : 'received'}${index > 0 ? `-${index}` : ''}.txt`;
      writeFileSync(join(dir, file), found.packed);
      messages.push({ file, call: entry.id, method: entry.method, direction: found.direction });
    }
  }
  const documents = didDocumentsOf(record);
  writeFileSync(join(dir, 'did-docs.json'), `${JSON.stringify(documents, null, 2)}\n`);
  writeFileSync(join(dir, 'public-keys.json'), `${JSON.stringify(publicKeysOf(record, documents), null, 2)}\n`);
  writeFileSync(join(dir, 'transcript.json'), `${JSON.stringify(publicOnly(record.transcript), null, 2)}\n`);
  const manifest: ReproManifest = {
    format: 1,
    caseId: record.id,
    title: record.title,
    file: record.file,
    runId: run.header.runId,
    seed: run.header.seed,
    adapter: {
      name: run.header.adapter.name,
      ...(run.header.adapter.manifestPath ? { manifestPath: run.header.adapter.manifestPath } : {}),
      implementation: run.header.adapter.described,
    },
    requirements: record.requirements.map((id) => {
      const entry = (REQUIREMENTS as Record<string, Requirement | undefined>)[id];
      const link = requirementLink(id);
      return { id, level: entry?.level ?? '?', text: entry?.text ?? '(not in the registry)', spec: link.url, ...(link.section ? { section: link.section } : {}) };
    }),
    expected: `passed: the agent meets ${record.requirements.join(', ')} (see requirements)`,
    observed: {
      outcome: record.outcome,
      ...(record.reason ? { reason: record.reason } : {}),
      ...(record.error ? { error: record.error } : {}),
      ...(record.warnings ? { warnings: record.warnings } : {}),
    },
    fingerprint: environmentFingerprint(run.header),
    command: reproCommand(run, record),
    messages,
  };
  writeFileSync(join(dir, 'repro.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return dir;
}

/** Writes a bundle for every case that needs one; returns [case, folder, command] for each. */
export function writeReproBundles(run: RunData): Array<{ record: CaseRecord; dir: string; command: string }> {
  return run.cases.filter(needsRepro).map((record) => ({ record, dir: writeReproBundle(run, record), command: reproCommand(run, record) }));
}
