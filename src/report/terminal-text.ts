/**
 * Text from adapters on a terminal: control characters (escape sequences that clear the screen, retitle
 * the window or hide text) are shown as visible `\u` escapes instead of being interpreted.
 * @module
 */

// C0 controls except tab and newline, DEL, C1 controls, and the bidi overrides that reorder text.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** `text` with every control character made visible. */
export function printable(text: string): string {
  return text.replace(CONTROL, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
