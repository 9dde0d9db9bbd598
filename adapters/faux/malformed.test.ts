/**
 * faux/malformed through the built CLI: the case that first takes each deliberately malformed message fails
 * (or warns, for a SHOULD) under the requirement the protocol page states, naming the JSON pointer and the schema id;
 * the wire entries of every live case show the schemas the harness held each message to.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, test } from 'vitest';
import { packageRoot } from '../../src/adapter/manifest.js';
import { readRunRecords, type CaseRecord } from '../../src/report/run-records.js';
import { REQUIREMENTS } from '../../src/spec/requirements.js';
import { MALFORMATIONS, schemaIdOf } from './malformations.js';

const root = packageRoot();
const SUITES = 'protocols/{trust-ping,discover-features,basicmessage,report-problem,empty,out-of-band}.test.ts,routing/mediation.test.ts';

describe('faux/malformed', { timeout: 300_000 }, () => {
  test('each malformed message fails its case under the page\'s requirement, with the pointer and schema id', async () => {
    const out = mkdtempSync(join(tmpdir(), 'didcomm-malformed-'));
    await execa('node', [join(root, 'dist/src/cli/main.js'), 'run', '--adapter', 'faux/malformed', '--suite', SUITES, '--out', out, '--seed', '7', '--json', '--no-reports'], { cwd: root, reject: false });
    const { records, errors } = readRunRecords(join(out, 'run.jsonl'));
    expect(errors).toEqual([]);
    const cases = new Map(records.filter((r): r is CaseRecord => r.type === 'case').map((r) => [r.id, r]));
    for (const malformation of MALFORMATIONS) {
      const { caseId, requirement, pointer } = malformation;
      const record = cases.get(caseId);
      const expected = REQUIREMENTS[requirement].level === 'MUST' ? 'failed' : 'warning';
      expect(record?.outcome, caseId).toBe(expected);
      const finding = expected === 'failed' ? record?.error : record?.warnings?.find((w) => w.requirement === requirement);
      expect(finding, caseId).toMatchObject({ requirement });
      expect(finding?.message, caseId).toContain(`${requirement} at ${pointer}:`);
      expect(finding?.message, caseId).toContain(schemaIdOf(malformation));
    }
    // The records show the schema each message on the wire was held to, in both directions.
    const wire = [...cases.values()].flatMap((c) => c.transcript).filter((e) => e.kind === 'wire' && e.schema !== undefined);
    expect(new Set(wire.map((e) => (e as { direction: string }).direction))).toEqual(new Set(['in', 'out']));
    expect(wire.some((e) => (e as { schema: { violations: Array<{ pointer: string }> } }).schema.violations.some((v) => v.pointer === '/body/limit'))).toBe(true);
    // Nothing errored: a malformed message is the agent's failure, never harness trouble.
    expect([...cases.values()].filter((c) => c.outcome === 'errored').map((c) => c.id)).toEqual([]);
  });
});
