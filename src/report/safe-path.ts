/**
 * File and folder names made from untrusted text (adapter names from adapter.json, case IDs and profile
 * names from a run.jsonl that `report` may be handed from anywhere): one path segment that cannot climb
 * out of, or stand for, the folder it is joined to.
 * @module
 */

/**
 * `text` as one safe path segment: every character outside `A-Za-z0-9._-` becomes `_` (so no `/` or `\`),
 * and a segment of dots only (`.`, `..`) or an empty one gets a leading `_`. `faux/inject` -> `faux_inject`,
 * `../../x` -> `.._.._x`, `..` -> `_..`.
 */
export function safePathSegment(text: string): string {
  const segment = text.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 200);
  return /^\.*$/.test(segment) ? `_${segment}` : segment;
}
