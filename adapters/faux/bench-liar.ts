/**
 * The reference adapter with a `benchmark` that lies (issue 17: a benchmark that can lie is worthless, so the
 * harness must catch each of these). Usage: `node bench-liar.js --lie NAME`:
 *
 *   bogus-sample   measures honestly but returns a sample that is not a DIDComm message at all
 *   other-mode     measures honestly but returns a plaintext sample whatever mode was asked
 *   other-message  measures honestly but returns a sample of another message (another body)
 *   no-work        does no work: reports the iterations asked, 0.001 ms, and one real sample packed once
 *   short-count    packs fewer messages than asked and says so in `packed`
 * @module
 */
import { serveAdapter } from '../../src/adapter/sdk/index.js';
import type { ParamsOf, ResultOf } from '../../src/adapter/protocol/v1/methods.js';
import { referenceHandlers } from '../reference/handlers.js';

const LIES = ['bogus-sample', 'other-mode', 'other-message', 'no-work', 'short-count'] as const;
type Lie = (typeof LIES)[number];

const at = process.argv.indexOf('--lie');
const lie = (at >= 0 ? process.argv[at + 1] ?? '' : '') as Lie;
if (!LIES.includes(lie)) {
  process.stderr.write(`faux: unknown --lie ${JSON.stringify(lie)}; one of ${LIES.join(', ')}\n`);
  process.exit(2);
}

const reference = referenceHandlers('1.0.0');
const honest = reference.benchmark!;
const packOnce = async (request: ParamsOf<'pack'>): Promise<string> => {
  const packed = await reference.pack!(request);
  if (packed.status !== 'packed') throw new Error('the reference refused to pack');
  return packed.packed;
};

async function lying(params: ParamsOf<'benchmark'>): Promise<ResultOf<'benchmark'>> {
  if (lie === 'no-work') {
    return { status: 'measured', packed: params.iterations, unpacked: params.iterations, packMs: 0.001, unpackMs: 0.001, sample: await packOnce(params.pack) };
  }
  const measured = await honest(lie === 'short-count' ? { ...params, iterations: Math.max(1, params.iterations - 1) } : params);
  if (measured.status !== 'measured') return measured;
  switch (lie) {
    case 'bogus-sample': return { ...measured, sample: '{"protected":"bm90IGEgSldF","ciphertext":"AAAA"}' };
    case 'other-mode': return { ...measured, sample: await packOnce({ message: params.pack.message, envelope: 'plaintext' }) };
    case 'other-message': return { ...measured, sample: await packOnce({ ...params.pack, message: { ...params.pack.message, body: { content: 'y' } } }) };
    default: return measured;
  }
}

await serveAdapter({
  ...reference,
  describe: async () => {
    const described = await reference.describe();
    return { ...described, implementation: { ...described.implementation, name: `faux-bench-liar-${lie}` } };
  },
  benchmark: lying,
});
