/**
 * `vectors verify` (registered by register/vectors.ts): checks every bundled vector against its expectation,
 * as a strict and as a lenient receiver. Exit 0 only if every expectation holds.
 * @module
 */
import { loadVectorCases } from '../../vectors/expectations.js';
import { verifyAllVectors } from '../../vectors/verify.js';

/** `vectors verify`: every vector against its expectation; exit 1 when one does not hold. */
export async function vectorsVerifyAction(flags: { json?: boolean }): Promise<void> {
  const cases = loadVectorCases();
  const results = await verifyAllVectors(cases);
  const failed = results.filter((r) => !r.ok);
  const bySource = (prefix: string): number => cases.filter((c) => c.id.startsWith(prefix)).length;
  const summary = {
    vectors: cases.length,
    spec: bySource('spec/'),
    sicpa: bySource('sicpa/'),
    generatedPositive: cases.filter((c) => c.id.startsWith('generated/') && c.base === undefined).length,
    generatedNegative: cases.filter((c) => c.base !== undefined).length,
    checks: results.length,
    passed: results.length - failed.length,
    failed: failed.length,
  };
  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ summary, results }, null, 2)}\n`);
  } else {
    const width = Math.max(...results.map((r) => r.id.length));
    for (const r of results) {
      process.stdout.write(`${r.ok ? 'ok  ' : 'FAIL'} ${r.id.padEnd(width)} ${r.mode.padEnd(7)} ${r.actual}${r.ok ? '' : `\n       ${r.problems.join('\n       ')}`}\n`);
    }
    process.stdout.write(`\n${summary.vectors} vectors (spec ${summary.spec}, SICPA ${summary.sicpa}, generated ${summary.generatedPositive} positive / ${summary.generatedNegative} negative), ${summary.checks} checks: ${summary.passed} passed, ${summary.failed} failed\n`);
  }
  process.exitCode = failed.length === 0 ? 0 : 1;
}
