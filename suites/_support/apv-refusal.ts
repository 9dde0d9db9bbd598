/**
 * A valid JWE refused: is it the `apv`? The reference writes `apv` over the code-point-sorted recipient kids
 * (§5.1.10, ENC-JWE-009) and lists the recipients in the order of the DID document. A receiver that recomputes
 * `apv` over the kids as listed refuses every such JWE whose list is not sorted — under whatever rule the case
 * is about (to naming the recipient, a key shape). The order of `recipients` is not authenticated (the AAD is
 * the protected header), so the same JWE with its recipients listed sorted is just as valid: if the agent takes
 * that one, its refusal shows it breaks ENC-JWE-009, the rule the reference names for `apv` over unsorted kids
 * ("it hashes the kids in the order the recipients are listed"), as one root cause.
 * @module
 */
import { ConformanceFailure, type CaseContext } from '../../src/runner/case.js';

interface Jwe { recipients?: Array<{ header?: { kid?: unknown } }> }

function kidOf(recipient: { header?: { kid?: unknown } }): string {
  return String(recipient.header?.kid);
}

/** Throws the ENC-JWE-009 finding when the agent refused `packed` only for the order of its recipients. */
export async function judgeApvOrderRefusal(ctx: CaseContext, packed: string, refusal: string): Promise<void> {
  let jwe: Jwe;
  try {
    jwe = JSON.parse(packed) as Jwe;
  } catch {
    return;
  }
  const recipients = Array.isArray(jwe.recipients) ? jwe.recipients : [];
  const kids = recipients.map(kidOf);
  // The reference's order: code-point (computeApv sorts the same way).
  const sorted = [...recipients].sort((a, b) => (kidOf(a) < kidOf(b) ? -1 : kidOf(a) > kidOf(b) ? 1 : 0));
  if (sorted.map(kidOf).join('\n') === kids.join('\n')) return;
  const retry = await ctx.call('unpack', { packed: JSON.stringify({ ...jwe, recipients: sorted }) });
  if (retry.status !== 'accepted') return;
  throw new ConformanceFailure('ENC-JWE-009',
    `the agent rejected a valid JWE whose recipients are not listed in code-point order (${refusal.slice(0, 200)}) and accepts the same JWE with them listed sorted: it computes "apv" over the kids as listed, while "apv" hashes the sorted kids (§5.1.10)`,
    { rootCause: { requirement: 'ENC-JWE-009', summary: 'the agent computes apv over the recipient kids as listed, not sorted' } });
}
