/**
 * Coverage over the whole digest: every MUST and every SHOULD is cited by a conformance case or reasoned
 * untestable; the case list comes from the suites themselves (`list requirements --json` collects their
 * conformanceCase declarations). Per area, `--coverage` prints the same counts.
 */
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, test } from 'vitest';
import { packageRoot } from '../adapter/manifest.js';
import { isRequirementId, REQUIREMENTS } from './requirements.js';
import { areaOf, coverageByArea, requirementCoverage, UNTESTABLE, type AreaCoverage, type RequirementCoverage } from './coverage.js';

const root = packageRoot();

// Collecting every suite file takes seconds (one worker loads them all), longer on a loaded machine.
describe('requirement coverage', { timeout: 300_000 }, () => {
  test('every MUST and SHOULD of the digest has a case or an untestable reason; the command says 100%, per area too', async () => {
    const result = await execa('node', [join(root, 'dist/src/cli/main.js'), 'list', 'requirements', '--json'], { cwd: root, reject: false });
    const { musts, shoulds, requirements, areas } = JSON.parse(result.stdout) as {
      musts: { total: number; covered: number; untestable: number; missing: string[] };
      shoulds: { total: number; missing: string[] };
      requirements: RequirementCoverage[];
      areas: AreaCoverage[];
    };
    expect(musts.missing).toEqual([]);
    expect(musts.covered + musts.untestable).toBe(musts.total);
    expect(musts.total).toBe(Object.values(REQUIREMENTS).filter((r) => r.level === 'MUST').length);
    expect(shoulds.missing).toEqual([]);
    expect(result.exitCode).toBe(0);
    // An untestable entry for a requirement a case cites is stale.
    const stale = requirements.filter((r) => r.status === 'covered' && UNTESTABLE[r.id] !== undefined).map((r) => r.id);
    expect(stale).toEqual([]);
    // Per area, the same counts.
    expect(areas.reduce((n, a) => n + a.must.covered + a.must.untestable + a.must.open, 0)).toBe(musts.total);
    expect(areas.filter((a) => a.must.open > 0)).toEqual([]);
  });

  test('--coverage prints covered/untestable/open per area', async () => {
    const text = await execa('node', [join(root, 'dist/src/cli/main.js'), 'list', 'requirements', '--coverage'], { cwd: root });
    expect(text.stdout).toMatch(/^PROTO-PICKUP\s+\d+\/\d+\/0\s/m);
    expect(text.stdout).toMatch(/^all\s+\d+\/\d+\/0\s/m);
  });

  test('coverageByArea counts each requirement once, under its ID prefix and level', () => {
    const coverage = requirementCoverage([{ id: 'a', requirements: ['ENC-AUTH-001', 'ENC-ANON-001'] }]);
    const byArea = new Map(coverageByArea(coverage).map((a) => [a.area, a]));
    expect(areaOf('PROTO-PICKUP-003')).toBe('PROTO-PICKUP');
    expect(byArea.get('ENC-AUTH')!.must.covered).toBe(1);
    expect(byArea.get('ENC-ANON')!.should.covered).toBe(1);
    expect(byArea.get('PROTO-SHORT')!.must.untestable).toBe(3);
    const total = [...byArea.values()].reduce((n, a) => n + a.must.covered + a.must.untestable + a.must.open + a.should.covered + a.should.untestable + a.should.open, 0);
    expect(total).toBe(coverage.filter((c) => c.level === 'MUST' || c.level === 'SHOULD').length);
  });

  test('untestable.json names only registry IDs, each with a reason', () => {
    for (const [id, reason] of Object.entries(UNTESTABLE)) {
      expect(isRequirementId(id), id).toBe(true);
      expect(reason.length, id).toBeGreaterThan(20);
    }
  });
});
