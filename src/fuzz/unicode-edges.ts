/**
 * Unicode edge cases for ids, types and content: each a valid string of Unicode scalar values (no lone
 * surrogates: RFC 8259 §8.2 leaves their meaning unpredictable, so they would prove nothing), chosen
 * where implementations differ: normalization forms, astral planes, invisible and bidi controls, NUL,
 * line separators JSON allows raw, noncharacters, case mappings that change length.
 * @module
 */
export const UNICODE_EDGES: readonly string[] = [
  '\u00e9t\u00e9',                  // NFC "été"
  'e\u0301te\u0301',                // NFD "été": equal to the above only after normalization
  '\u{1F600}\u{1F4A9}',             // astral plane (surrogate pairs in UTF-16)
  '\u200b\u200d\u2060',             // zero-width space, joiner, word joiner
  '\u202eevil\u202c',               // right-to-left override
  '\ufeffbom',                      // a BOM inside a string
  'nul\u0000byte',                  // NUL, escaped in JSON
  'line\u2028para\u2029',           // separators JSON carries raw
  `a${'\u0301'.repeat(64)}`,        // one base, 64 combining marks
  '\ufffe\uffff',                   // noncharacters (valid scalar values)
  '\u{10FFFF}',                     // the last code point
  '\u0130stanbul \u00df',           // dotted capital I, sharp s: case mapping changes length
  '\u0434\u0438\u0434',             // Cyrillic lookalike letters
  '\t\r\n\u001f',                   // control characters, escaped in JSON
];

/** An edge case of `random`'s choosing. */
export function unicodeEdge(random: () => number): string {
  return UNICODE_EDGES[Math.floor(random() * UNICODE_EDGES.length)]!;
}
