/**
 * The machine-readable side of a results site, beside the pages under api/: `index.json` (implementations
 * with their latest version and verdicts), `implementations/<slug>.json` (every certificate and run of one),
 * `entries.json` (every certificate and run with its verification), `requirements.json` (each requirement's
 * outcome per implementation) and `matrix.json` (the merged matrix). Paths in it are relative to the site.
 * @module
 */
import type { SiteModel, EntryView, ImplementationView } from './model.js';
import { requirementMatrix } from './model.js';
import { REQUIREMENTS } from '../spec/requirements.js';
import { requirementFile } from './requirement-pages.js';

/** The format of every API document. */
export const API_FORMAT = 1;

function entryJson(view: EntryView): object {
  const entry = view.entry;
  return {
    id: entry.id,
    kind: entry.kind,
    status: entry.status,
    ...(entry.reasons.length ? { reasons: entry.reasons } : {}),
    ...(entry.harnessDifferences.length ? { harnessDifferences: entry.harnessDifferences } : {}),
    implementation: view.implementation,
    version: view.version,
    adapter: view.adapter,
    date: view.date,
    ...(view.issuer ? { issuer: view.issuer } : {}),
    ...(entry.verification ? { digest: entry.verification.digest } : {}),
    trusted: view.trusted,
    profiles: view.profiles,
    ...(view.met !== undefined ? { requirementsMet: view.met } : {}),
    page: `${entry.id}/index.html`,
    files: {
      ...(entry.jws ? { certificate: `${entry.id}/certificate.jws` } : {}),
      ...(entry.runBytes ? { run: `${entry.id}/run.jsonl` } : {}),
    },
  };
}

function implementationJson(implementation: ImplementationView): object {
  return {
    format: API_FORMAT,
    name: implementation.name,
    slug: implementation.slug,
    page: `implementations/${implementation.slug}.html`,
    latest: entryJson(implementation.latest),
    versions: implementation.versions.map((version) => ({
      version: version.version, status: version.best.entry.status, shown: version.best.entry.id,
      ...(version.met !== undefined ? { requirementsMet: version.met } : {}), entries: version.entries.map((view) => view.entry.id),
    })),
    entries: implementation.entries.map(entryJson),
  };
}

/** Every API document, by path under api/. */
export function apiDocuments(model: SiteModel): Map<string, object> {
  const documents = new Map<string, object>();
  documents.set('index.json', {
    format: API_FORMAT,
    generatedAt: model.generatedAt,
    harness: { name: model.harness.name, version: model.harness.version, commit: model.harness.commit, dirty: model.harness.dirty },
    implementations: model.implementations.map((implementation) => ({
      name: implementation.name, slug: implementation.slug, api: `api/implementations/${implementation.slug}.json`,
      versions: implementation.versions.map((version) => version.version),
      latest: entryJson(implementation.latest),
    })),
    rejected: model.rejected,
  });
  for (const implementation of model.implementations) documents.set(`implementations/${implementation.slug}.json`, implementationJson(implementation));
  documents.set('entries.json', { format: API_FORMAT, entries: model.entries.map(entryJson) });
  const byId = requirementMatrix(model);
  documents.set('requirements.json', {
    format: API_FORMAT,
    requirements: Object.entries(REQUIREMENTS).map(([id, requirement]) => ({
      id, level: requirement.level, text: requirement.text, page: `requirements/${requirementFile(id)}`,
      implementations: (byId.get(id) ?? []).map(({ implementation, version, row }) => ({
        implementation: implementation.name, version: version.version, status: version.best.entry.status, outcome: row.outcome,
        ...(row.failedOn.length ? { failedOn: row.failedOn } : {}), ...(row.warnedOn.length ? { warnedOn: row.warnedOn } : {}),
      })),
    })),
  });
  if (model.matrix) documents.set('matrix.json', model.matrix);
  return documents;
}
