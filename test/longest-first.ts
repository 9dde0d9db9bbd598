/**
 * The order `npm test` starts its files in: the longest first, so that the last minutes are not one long file
 * alone on a core while the other core has nothing left. vitest orders by the durations it cached from the
 * previous run (node_modules/.vite), but a fresh clone (CI) has none and vitest then starts the largest files
 * first, whatever they do: src/runner/run.test.ts, the longest, is a small file. Here a file's duration is the
 * cached one when there is one, else the figure in test/file-durations.json (seconds of wall time measured on
 * 2 cores, files of 10 s or more, from a `DIDCOMM_TEST_CPU_LOG` log: the kit tests' figures with their builds
 * cold, as on a fresh machine; the others from a fresh clone's .ci/run, 2026-12-05), else 0; equal ones keep
 * vitest's order.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const measured = JSON.parse(readFileSync(new URL('./file-durations.json', import.meta.url), 'utf8')) as Record<string, number>;

export class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const byVitest = await super.sort(files);
    const seconds = (spec: TestSpecification): number => {
      const path = relative(this.ctx.config.root, spec.moduleId);
      const cached = this.ctx.cache.getFileTestResults(`${spec.project.name}:${path}`)?.duration;
      return cached !== undefined ? cached / 1000 : measured[path] ?? 0;
    };
    const rank = new Map(byVitest.map((spec, index) => [spec, index]));
    return [...byVitest].sort((a, b) => seconds(b) - seconds(a) || rank.get(a)! - rank.get(b)!);
  }
}
