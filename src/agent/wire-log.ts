/**
 * The wire log of the harness agents in this process: every message a reference agent receives at its
 * endpoint or sends to another party is published here, and the case runner subscribes while a case runs,
 * so a live verdict is traced to the exact messages that prove it (DESIGN: reports).
 * @module
 */
import { redactValue } from '../adapter/redact.js';
import { clipRedacted, type WireEntry } from '../adapter/transcript.js';
import { checkProtocolMessage } from '../schema/protocol-messages.js';

type WireListener = (entry: WireEntry) => void;

/**
 * Error codes of wire entries that show the harness failing at its own part: a message it could not send at
 * all, or one it received and failed on (answered 500). A case that then waits in vain is harness trouble.
 */
export const HARNESS_FAULTS = { notSent: 'ERR_HARNESS_NOT_SENT', internal: 'ERR_HARNESS_INTERNAL' } as const;

/** A wire entry's `error` for a harness fault: its code and the error as one line (its name and message). */
export function harnessFault(code: (typeof HARNESS_FAULTS)[keyof typeof HARNESS_FAULTS], error: unknown): { code: string; message: string } {
  return { code, message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
}

/** Whether `entry` shows the harness failing at its own part (HARNESS_FAULTS). */
export function isHarnessFault(entry: WireEntry): boolean {
  return entry.error?.code === HARNESS_FAULTS.notSent || entry.error?.code === HARNESS_FAULTS.internal;
}

const listeners = new Set<WireListener>();

/** Calls `listener` with every wire entry until the returned function is called. */
export function onWire(listener: WireListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Publishes one message seen on the wire; costs nothing when nobody listens. */
export function recordWire(entry: Omit<WireEntry, 'kind' | 'at'>): void {
  if (listeners.size === 0) return;
  // A message a harness agent sent is shown with the schema it was held to, as received ones are (checked
  // before redaction: the schema judges what was on the wire).
  const schema = entry.schema ?? (entry.plaintext === undefined ? undefined : checkProtocolMessage(entry.plaintext));
  // What an agent under test sends is adapter output like its replies: redacted before it is kept.
  const full: WireEntry = {
    kind: 'wire', at: new Date().toISOString(), ...entry, ...(schema ? { schema } : {}), packed: clipRedacted(entry.packed),
    ...(entry.plaintext === undefined ? {} : { plaintext: redactValue(entry.plaintext) }),
  };
  for (const listener of listeners) listener(full);
}
