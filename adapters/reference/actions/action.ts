/**
 * What a `protocol` action of the reference adapter is: given the call's `from`, `to`, `args` and the
 * headers built from them, the message to send (and to whom), and what to return as `output`.
 * @module
 */
import type { ReferenceAgent } from '../../../src/agent/agent.js';
import type { PlaintextMessage } from '../../../src/didcomm/types.js';

export type ActionArgs = Record<string, unknown>;

export interface ActionInput {
  from: string | undefined;
  to: string | undefined;
  args: ActionArgs;
  /** from, to, thid, pthid, return_route and please_ack as the call gave them. */
  headers: Partial<PlaintextMessage>;
  /** The live agent in the adapter process (started on first use). */
  agent: () => Promise<ReferenceAgent>;
}

export interface BuiltAction {
  /** The message to send; none for actions that only compute output (an invitation URL). */
  message?: PlaintextMessage;
  /** Recipient when it is not the call's `to`. */
  to?: string;
  output?: ActionArgs;
}

/** Actions by PIURI, then by action name. */
export type ProtocolActions = Record<string, Record<string, (input: ActionInput) => BuiltAction | Promise<BuiltAction>>>;

export const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
