/**
 * The interop matrix across everything a site is built from: the matrix.json files `matrix` (and `start`)
 * write, merged into one. Adapters and features are united; a pair measured in several files keeps the
 * newest measurement. Evidence paths are dropped: they point into the folder of the run that made them.
 * Matrix files are not signed: the site says so.
 * @module
 */
import type { MatrixCell, MatrixPair, MatrixResult } from '../matrix/run.js';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === 'string';

function isCell(value: unknown): value is MatrixCell {
  return isObject(value) && isString(value['feature']) && isString(value['status'])
    && ['pass', 'fail', 'pack-rejected', 'error', 'n/a'].includes(value['status'])
    && (value['detail'] === undefined || isString(value['detail']))
    && (value['group'] === undefined || value['group'] === 'envelope' || value['group'] === 'live');
}

function isPair(value: unknown): value is MatrixPair {
  return isObject(value) && isString(value['sender']) && isString(value['receiver']) && Array.isArray(value['cells']) && value['cells'].every(isCell);
}

function isAdapter(value: unknown): boolean {
  if (!isObject(value) || !isString(value['name'])) return false;
  const implementation = value['implementation'];
  return isString(value['error']) || (isObject(implementation) && isString(implementation['name']) && isString(implementation['version']));
}

/** True for the shape `matrix` writes (format 1); anything else is not rendered. */
export function isMatrixResult(value: unknown): value is MatrixResult {
  return isObject(value) && value['format'] === 1 && isString(value['generatedAt'])
    && Array.isArray(value['adapters']) && value['adapters'].every(isAdapter)
    && Array.isArray(value['features']) && value['features'].every(isString)
    && (value['liveFeatures'] === undefined || (Array.isArray(value['liveFeatures']) && value['liveFeatures'].every(isString)))
    && Array.isArray(value['pairs']) && value['pairs'].every(isPair);
}

/** One matrix from many; undefined when there is none. */
export function mergeMatrices(results: readonly MatrixResult[]): MatrixResult | undefined {
  if (results.length === 0) return undefined;
  const ordered = [...results].sort((a, b) => a.generatedAt.localeCompare(b.generatedAt));
  const adapters = new Map<string, MatrixResult['adapters'][number]>();
  const pairs = new Map<string, MatrixPair>();
  const features = new Set<string>();
  const liveFeatures = new Set<string>();
  for (const result of ordered) {
    for (const adapter of result.adapters) adapters.set(adapter.name, adapter);
    for (const feature of result.features) features.add(feature);
    for (const feature of result.liveFeatures ?? []) liveFeatures.add(feature);
    for (const pair of result.pairs) {
      pairs.set(JSON.stringify([pair.sender, pair.receiver]), {
        sender: pair.sender, receiver: pair.receiver,
        cells: pair.cells.map(({ evidence: _evidence, ...cell }) => cell),
      });
    }
  }
  const latest = ordered.at(-1)!;
  return {
    format: 1,
    generatedAt: latest.generatedAt,
    seed: latest.seed,
    adapters: [...adapters.values()].sort((a, b) => a.name.localeCompare(b.name)),
    features: [...features],
    ...(liveFeatures.size > 0 ? { liveFeatures: [...liveFeatures] } : {}),
    pairs: [...pairs.values()],
  };
}
