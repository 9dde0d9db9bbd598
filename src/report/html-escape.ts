/**
 * Escaping for HTML: every string that reaches report.html or matrix.html goes through `escapeHtml`
 * (element text and quoted attribute values alike). Adapter text is untrusted (adapters/faux/inject).
 * @module
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * `text` safe as HTML element content or as a quoted attribute value. Control characters (terminal escapes
 * from an adapter, NUL) are not markup but are invalid in HTML and dangerous when the file is printed to a
 * terminal: they are shown as visible `\u001b` escapes.
 */
export function escapeHtml(text: unknown): string {
  return String(text)
    .replace(/[&<>"']/g, (char) => ENTITIES[char]!)
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A URL for an href: only http(s) and relative links, anything else (javascript:, data:) becomes `#`. */
export function safeHref(url: string): string {
  return /^(https?:\/\/|\.{0,2}\/|[A-Za-z0-9_.-]+(\/|$|#|\?))/.test(url) && !/^\s*(javascript|data|vbscript):/i.test(url) ? escapeHtml(url) : '#';
}

/** Pretty JSON of `value`, escaped. */
export function jsonBlock(value: unknown): string {
  return `<pre>${escapeHtml(JSON.stringify(value, null, 2) ?? 'undefined')}</pre>`;
}

/**
 * Requirement text from the digest, which uses a little Markdown: escaped first, then `code` spans become
 * <code>, and the asterisks of strong and emphasised words are dropped (the words stay). Nothing else is interpreted.
 */
export function digestText(text: string): string {
  return escapeHtml(text)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/(^|[\s(])\*([^*\s][^*]*)\*/g, '$1$2');
}
