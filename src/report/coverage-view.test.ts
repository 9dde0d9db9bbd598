import { describe, expect, test } from 'vitest';
import { coverageSection } from './coverage-view.js';
import type { RunData } from './run-data.js';

describe('coverageSection', () => {
  test('counts per area from the cases of the runs: covered, untestable, open', () => {
    const runs = [{ cases: [{ id: 'x', requirements: ['ENC-AUTH-001', 'SVC-001'] }] }] as unknown as RunData[];
    const html = coverageSection(runs);
    expect(html).toContain('id="coverage-table"');
    expect(html).toMatch(/<td>ENC-AUTH<\/td><td class="muted">[^<]*<\/td><td class="o o-failed">1 \/ 0 \/ \d+<\/td>/);
    expect(html).toMatch(/<td>SVC<\/td><td class="muted">[^<]*<\/td><td class="o o-failed">1 \/ 0 \/ 2<\/td>/);
    expect(html).toMatch(/<td>PROTO-SHORT<\/td><td class="muted">[^<]*<\/td><td class="o o-passed">0 \/ 3 \/ 0<\/td>/);
  });
});
