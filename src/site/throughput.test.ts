/**
 * The cross-language throughput table as a results-site input (src/site/throughput.ts): a throughput.json is
 * found under the folders given, the newest becomes throughput.html with every adapter string escaped, and a
 * file that is not one is listed as rejected with the reason, never shown.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { packageRoot } from '../adapter/manifest.js';
import { currentHarness } from '../certify/harness.js';
import { buildSite } from './build.js';
import { loadInputs } from './inputs.js';
import { throughputPage, type ThroughputResult } from './throughput.js';

const work = mkdtempSync(join(tmpdir(), 'site-throughput-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function result(measuredAt: string, adapter: string): ThroughputResult {
  return {
    format: 1, kind: 'cross-language-throughput', measuredAt, machine: { cores: 2, cpu: 'test cpu', load: [1.5, 2] }, rounds: 5, targetMs: 500,
    modes: ['authcrypt X25519'],
    cells: [
      { adapter: 'reference', implementation: 'didcomm-conformance reference 0.1.0', mode: 'authcrypt X25519', status: 'measured', iterations: 400, verified: 5,
        pack: { min: 800, median: 1000, max: 1100 }, unpack: { min: 900, median: 1200, max: 1300 } },
      { adapter, implementation: 'x 1', mode: 'authcrypt X25519', status: 'measured', iterations: 900, verified: 5,
        pack: { min: 1900, median: 2500, max: 2600 }, unpack: { min: 2000, median: 2400, max: 2500 } },
      { adapter: 'liar', implementation: 'y 1', mode: 'authcrypt X25519', status: 'flagged', reason: 'the sample does not unpack with the reference', verified: 0 },
    ],
  };
}

test('the newest throughput.json becomes throughput.html: figures, ratios to the reference, flags with reasons, names escaped', async () => {
  mkdirSync(join(work, 'in', 'old'), { recursive: true });
  mkdirSync(join(work, 'in', 'new'), { recursive: true });
  mkdirSync(join(work, 'in', 'bad'), { recursive: true });
  writeFileSync(join(work, 'in', 'old', 'throughput.json'), JSON.stringify(result('2026-01-01T00:00:00.000Z', 'old-adapter')));
  writeFileSync(join(work, 'in', 'new', 'throughput.json'), JSON.stringify(result('2026-12-04T00:00:00.000Z', '<img src=x onerror=alert(1)>')));
  writeFileSync(join(work, 'in', 'bad', 'throughput.json'), JSON.stringify({ format: 1, kind: 'cross-language-throughput', cells: 'no' }));
  const inputs = await loadInputs([join(work, 'in')], currentHarness(packageRoot()));
  expect(inputs.throughputs.map((t) => t.measuredAt)).toEqual(['2026-12-04T00:00:00.000Z', '2026-01-01T00:00:00.000Z']);
  expect(inputs.rejected).toEqual([{ source: 'in/bad/throughput.json', reason: 'not a throughput.json written by bench/cross-language.ts (format 1)' }]);

  const site = await buildSite({ from: [join(work, 'in')], out: join(work, 'site'), harness: currentHarness(packageRoot()) });
  const html = readFileSync(join(site.out, 'throughput.html'), 'utf8');
  expect(html).not.toContain('old-adapter');
  expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  expect(html).not.toContain('<img');
  expect(html).toContain('<td>2.50x</td>');
  expect(html).toContain('flagged: the sample does not unpack with the reference');
  expect(readFileSync(join(site.out, 'index.html'), 'utf8')).toContain('href="throughput.html"');
});

test('without a throughput.json the page says how to make one', () => {
  expect(throughputPage(undefined)).toContain('node dist/bench/cross-language.js --out DIR');
});
