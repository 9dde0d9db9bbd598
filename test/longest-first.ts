/**
 * The order `npm test` starts its files in: the longest first, so that the last minutes are not one long file
 * alone on a core while the other core has nothing left, and two files that mostly wait (live quiet windows,
 * deadlines: CPU under half their wall time) not side by side while others could use the idle core. vitest
 * orders by the durations it cached from the previous run (node_modules/.vite), but a fresh clone (CI) has none
 * and vitest then starts the largest files first, whatever they do: src/runner/run.test.ts, among the longest,
 * is a small file. Here a file's duration is the cached one when there is one, else the wall time in
 * test/file-durations.json, else 0; whether it waits comes from the CPU time there. That file holds the files of
 * 5 s of wall or CPU or more, measured on 2 cores from a `DIDCOMM_TEST_CPU_LOG` log of a fresh clone's .ci/run
 * on a fresh machine (Go's, cargo's, Maven's and pip's caches empty, as in CI: the kit tests compile and download
 * what a first build does, the Go kit's 29 s among the longest, and /tmp holding no earlier run's Rust kit folder),
 * 2026-12-05, after the shared-graph project (vitest.config.ts).
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

interface Measured {
  /** Seconds of wall time. */
  wall: number;
  /** Seconds of CPU time, the file's worker and every process it started. */
  cpu: number;
}

const measured = JSON.parse(readFileSync(new URL('./file-durations.json', import.meta.url), 'utf8')) as Record<string, Measured>;

export class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const byVitest = await super.sort(files);
    const path = (spec: TestSpecification): string => relative(this.ctx.config.root, spec.moduleId);
    const seconds = (spec: TestSpecification): number => {
      const cached = this.ctx.cache.getFileTestResults(`${spec.project.name}:${path(spec)}`)?.duration;
      return cached !== undefined ? cached / 1000 : measured[path(spec)]?.wall ?? 0;
    };
    const waits = (spec: TestSpecification): boolean => {
      const figures = measured[path(spec)];
      return figures !== undefined && figures.cpu < figures.wall / 2;
    };
    const rank = new Map(byVitest.map((spec, index) => [spec, index]));
    const queue = [...byVitest].sort((a, b) => seconds(b) - seconds(a) || rank.get(a)! - rank.get(b)!);
    // The workers taking files in this order, simulated with the durations above: a worker that frees while
    // another runs a waiting file takes the longest file that does not wait.
    const workers = Array.from({ length: Math.max(1, this.ctx.config.maxWorkers) }, () => ({ until: 0, waits: false }));
    const order: TestSpecification[] = [];
    while (queue.length > 0) {
      const free = workers.reduce((a, b) => (b.until < a.until ? b : a));
      const besideWaiting = workers.some((other) => other !== free && other.waits && other.until > free.until);
      const at = besideWaiting ? Math.max(0, queue.findIndex((spec) => !waits(spec))) : 0;
      const [next] = queue.splice(at, 1) as [TestSpecification];
      order.push(next);
      free.until += seconds(next);
      free.waits = waits(next);
    }
    return order;
  }
}
