/**
 * The differential view of one input: what each adapter did with it, in a few classes, and whether they
 * disagree. Content matters: two adapters that both accept but return different plaintexts (or metadata)
 * disagree as surely as an accept and a reject.
 * @module
 */
import type { Answer, Judgement } from './judge.js';
import { metadataProblems, sameContent } from './judge.js';
import type { Expectation } from './oracle.js';

/**
 * `accept`: accepted with the reference's content and metadata (or accepted what the reference refused);
 * `accept-other`: accepted with other content or metadata than the reference; `n/a`: not asked (its control
 * failed, or it does not claim what the input needs); `silent` (live): taken without an answer; `errored`: harness trouble, left out of comparisons.
 */
export type Cell = 'accept' | 'accept-other' | 'reject' | 'silent' | 'crash' | 'hang' | 'n/a' | 'errored';

export function cellOf(expectation: Expectation, answer: Answer, judgement: Judgement): Cell {
  if (judgement.kind === 'not-applicable') return 'n/a';
  if (judgement.kind === 'errored' || answer.status === 'errored') return 'errored';
  if (answer.status !== 'accepted') return answer.status === 'rejected' ? 'reject' : answer.status;
  const reference = expectation.kind === 'must-accept' || expectation.kind === 'open' ? expectation.result : undefined;
  if (!reference) return 'accept';
  return sameContent(answer.message, reference) && metadataProblems(answer.metadata, reference).length === 0 ? 'accept' : 'accept-other';
}

/** What the reference says of an input, as a short key: `must-reject ENC-JWE-011`, `open AMB-06`. */
export function expectationKey(expectation: Expectation): string {
  switch (expectation.kind) {
    case 'must-reject': return `must-reject ${expectation.requirement}`;
    case 'must-accept': return `must-accept ${expectation.duty}`;
    case 'open': return `open ${expectation.because.id} (the lenient reference ${expectation.result ? 'accepts' : 'rejects'})`;
    default: return 'reference-failure';
  }
}

/** The disagreement pattern of an input, or undefined when fewer than two adapters answered or all answered alike. */
export function disagreementKey(expectation: Expectation, cells: Record<string, Cell>): { key: string; expectation: string; cells: Record<string, Cell> } | undefined {
  const compared = Object.entries(cells).filter(([, cell]) => cell !== 'n/a' && cell !== 'errored');
  // Live: silence and a refusal both show no acceptance (a WebSocket has no status to refuse with), so they do not disagree.
  const shown = (cell: Cell): Cell => (cell === 'silent' ? 'reject' : cell);
  if (compared.length < 2 || new Set(compared.map(([, cell]) => shown(cell))).size < 2) return undefined;
  const key = expectationKey(expectation);
  const sorted = Object.fromEntries(Object.entries(cells).sort(([a], [b]) => a.localeCompare(b)));
  return { key: `${key} | ${Object.entries(sorted).map(([name, cell]) => `${name}=${cell}`).join(' ')}`, expectation: key, cells: sorted };
}
