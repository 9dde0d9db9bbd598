/**
 * Extra headers for an adapter reached by URL (an agent behind authentication: `authorization: Bearer …`).
 * They come from adapter.json (`transport.headers`) and from the command line (`--adapter-header`), where
 * the command line wins for a header named in both. `${env:NAME}` in a value is read from the environment,
 * so a token need be neither in a file nor in the process list. Every value is handed to the redaction
 * (redact.ts) before it is used, and no message here repeats a value: tokens never reach output or reports.
 * @module
 */
import { rememberCredential } from '../redact.js';

/** A header problem the user must fix; the message names the header, never its value. */
export class HeaderInvalid extends Error {
  override readonly name = 'HeaderInvalid';
}

/** RFC 9110 §5.6.2 token: what a header name may be. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const ENV_REFERENCE = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Headers set on the command line for every adapter reached by URL in this process (`--adapter-header`). */
let commandLineHeaders: Record<string, string> = {};

/**
 * Parses `--adapter-header` values (`Name: value`, repeatable) and keeps them for every adapter this
 * process reaches by URL. Throws HeaderInvalid naming what is wrong.
 */
export function useCommandLineHeaders(lines: readonly string[], env: NodeJS.ProcessEnv = process.env): void {
  const headers: Record<string, string> = {};
  lines.forEach((line, index) => {
    const colon = line.indexOf(':');
    // The line may be all token: say which one and how long, never what it holds.
    if (colon <= 0) throw new HeaderInvalid(`--adapter-header number ${index + 1} (${line.length} characters) is not "Name: value"`);
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  });
  commandLineHeaders = expandHeaders(headers, '--adapter-header', env);
}

/**
 * The headers to send to an adapter reached by URL: adapter.json's (`source` names the file) with the
 * command line's over them, names lower-cased, `${env:NAME}` expanded, every value registered for redaction.
 */
export function headersFor(fromManifest: Readonly<Record<string, string | undefined>> | undefined, source: string, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const manifest = expandHeaders(Object.fromEntries(Object.entries(fromManifest ?? {}).filter((entry): entry is [string, string] => entry[1] !== undefined)), source, env);
  return { ...manifest, ...commandLineHeaders };
}

function expandHeaders(headers: Record<string, string>, source: string, env: NodeJS.ProcessEnv): Record<string, string> {
  const expanded: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers)) {
    if (!HEADER_NAME.test(name)) throw new HeaderInvalid(`${source}: ${JSON.stringify(name)} is not a header name (letters, digits and !#$%&'*+.^_\`|~-)`);
    const value = raw.replace(ENV_REFERENCE, (_whole, variable: string) => {
      const found = env[variable];
      if (found === undefined || found === '') throw new HeaderInvalid(`${source}: header ${name} reads \${env:${variable}}, which is not set`);
      return found;
    });
    if (/[\r\n\0]/.test(value)) throw new HeaderInvalid(`${source}: the value of header ${name} holds a line break or NUL`);
    // Any header may carry a credential (authorization, x-api-key, cookie): every value is hidden from output.
    rememberCredential(value);
    expanded[name.toLowerCase()] = value;
  }
  return expanded;
}
