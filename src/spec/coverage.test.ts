/**
 * Coverage: every MUST of DIGEST sections 1-8 (envelope, signing, encryption, keys, rotation) is cited by a
 * conformance case or reasoned untestable; the case list comes from the suites themselves (`list
 * requirements --json` collects their conformanceCase declarations).
 */
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, test } from 'vitest';
import { packageRoot } from '../adapter/manifest.js';
import { isRequirementId } from './requirements.js';
import { UNTESTABLE, type RequirementCoverage } from './coverage.js';

const root = packageRoot();

describe('requirement coverage', { timeout: 120_000 }, () => {
  test('every in-scope MUST has a case or an untestable reason; the command says 100%', async () => {
    const result = await execa('node', [join(root, 'dist/src/cli/main.js'), 'list', 'requirements', '--json'], { cwd: root, reject: false });
    const { musts, requirements } = JSON.parse(result.stdout) as { musts: { total: number; covered: number; untestable: number; missing: string[] }; requirements: RequirementCoverage[] };
    expect(musts.missing).toEqual([]);
    expect(musts.covered + musts.untestable).toBe(musts.total);
    expect(result.exitCode).toBe(0);
    // An untestable entry for a requirement a case cites is stale.
    const stale = requirements.filter((r) => r.status === 'covered' && UNTESTABLE[r.id] !== undefined).map((r) => r.id);
    expect(stale).toEqual([]);
  });

  test('untestable.json names only registry IDs, each with a reason', () => {
    for (const [id, reason] of Object.entries(UNTESTABLE)) {
      expect(isRequirementId(id), id).toBe(true);
      expect(reason.length, id).toBeGreaterThan(20);
    }
  });
});
