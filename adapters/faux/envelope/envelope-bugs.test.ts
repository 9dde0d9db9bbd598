/**
 * faux/envelope-* through the built CLI (issue 22): each adapter is the reference with one envelope bug of
 * adapters/faux/envelope/bugs.ts. The cases that must catch it fail under the rule it breaks (a SHOULD warns),
 * live cases included (the harness's refusal names the rule, src/runner/silence.ts); the older cases it
 * slipped through still pass, which is why the recipient shapes exist.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, test } from 'vitest';
import { packageRoot } from '../../../src/adapter/manifest.js';
import { readRunRecords, type CaseRecord } from '../../../src/report/run-records.js';
import { REQUIREMENTS } from '../../../src/spec/requirements.js';
import { ENVELOPE_BUGS } from './bugs.js';
import { RECEIVER_BUGS } from './receiver-bugs.js';

const root = packageRoot();

/** The suite files holding `ids`. */
function suitesOf(ids: readonly string[]): string {
  const files = new Set(ids.map((id) => (id.startsWith('protocols.') ? 'protocols/basicmessage.test.ts'
    : ['envelope.sender.one-did-per-jwe', 'envelope.sender.one-key-type-per-jwe', 'envelope.sender.authcrypt-or-anoncrypt'].includes(id) ? 'envelope/sender-rules.test.ts'
      : 'envelope/recipient-shapes.test.ts')));
  return [...files].join(',');
}

// Each test is its own run of its own adapter into its own folder, mostly waiting on the adapter and the live
// cases (108 s of wall for 38 s of CPU one after the other at load 12-20): two at once (vitest.config.ts).
describe.concurrent('faux/envelope-*', () => {
  for (const bug of ENVELOPE_BUGS) {
    test(`${bug.name}: caught under ${bug.requirement}`, { timeout: 300_000 }, async () => {
      const out = mkdtempSync(join(tmpdir(), `didcomm-envelope-${bug.name}-`));
      await execa('node', [join(root, 'dist/src/cli/main.js'), 'run', '--adapter', `faux/envelope-${bug.name}`, '--suite', suitesOf([...bug.caughtBy.map((c) => (typeof c === 'string' ? c : c[0])), ...(bug.missedBy ?? [])]),
        '--out', out, '--seed', '1', '--json', '--no-reports', '--workers', '1'], { cwd: root, reject: false });
      const { records, errors } = readRunRecords(join(out, 'run.jsonl'));
      expect(errors).toEqual([]);
      const cases = new Map(records.filter((r): r is CaseRecord => r.type === 'case').map((r) => [r.id, r]));
      for (const entry of bug.caughtBy) {
        const [id, requirement] = typeof entry === 'string' ? [entry, bug.requirement] : entry;
        const expected = REQUIREMENTS[requirement].level === 'MUST' ? 'failed' : 'warning';
        const record = cases.get(id);
        expect(record?.outcome, id).toBe(expected);
        const finding = expected === 'failed' ? record?.error : record?.warnings?.find((w) => w.requirement === requirement);
        expect(finding?.requirement, id).toBe(requirement);
      }
      for (const id of bug.missedBy ?? []) expect(cases.get(id)?.outcome, id).toBe('passed');
      // A deliberate bug is the agent's failure, never harness trouble.
      expect([...cases.values()].filter((c) => c.outcome === 'errored').map((c) => c.id)).toEqual([]);
    });
  }
});

describe.concurrent('faux/envelope-* receivers that skip one check in one place', () => {
  for (const bug of RECEIVER_BUGS) {
    test(`${bug.name}: the second input catches it`, { timeout: 300_000 }, async () => {
      const ids = [...bug.caughtBy.map(([id]) => id), ...bug.missedBy];
      const suites = [...new Set(ids.map((id) => `envelope/${id.split('.')[0]}.test.ts`))].join(',');
      const out = mkdtempSync(join(tmpdir(), `didcomm-envelope-${bug.name}-`));
      await execa('node', [join(root, 'dist/src/cli/main.js'), 'run', '--adapter', `faux/envelope-${bug.name}`, '--suite', suites,
        '--out', out, '--seed', '1', '--json', '--no-reports', '--workers', '1'], { cwd: root, reject: false });
      const { records, errors } = readRunRecords(join(out, 'run.jsonl'));
      expect(errors).toEqual([]);
      const cases = new Map(records.filter((r): r is CaseRecord => r.type === 'case').map((r) => [r.id, r]));
      for (const [id, requirement] of bug.caughtBy) {
        expect(cases.get(id)?.outcome, id).toBe('failed');
        expect(cases.get(id)?.error?.requirement, id).toBe(requirement);
      }
      for (const id of bug.missedBy) expect(cases.get(id)?.outcome, id).toBe('passed');
      expect([...cases.values()].filter((c) => c.outcome === 'errored').map((c) => c.id)).toEqual([]);
    });
  }
});
