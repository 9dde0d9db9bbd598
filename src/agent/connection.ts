/**
 * A WebSocket the reference agent opens to another party's endpoint and keeps open, as pickup live mode
 * needs (PROTO-PICKUP-009: live mode only on a persistent transport). What the peer sends on it is handed
 * back with the ids sent there, so the agent can tell replies (a `thid` among them) from pushed messages.
 * @module
 */
import type { PlaintextMessage } from '../didcomm/types.js';
import { openConnection } from './transport.js';

export interface AgentConnection {
  /** The DID whose endpoint it is connected to. */
  readonly did: string;
  /** Packs `message` for `did` and sends it on the connection. */
  send(message: PlaintextMessage): Promise<void>;
  readonly open: boolean;
  readonly closed: Promise<void>;
  close(): Promise<void>;
}

/** Opens the connection to `uri` (the WebSocket endpoint of `did`). */
export async function openAgentConnection(
  did: string,
  uri: string,
  pack: (message: PlaintextMessage) => Promise<string>,
  onMessage: (text: string, sentIds: ReadonlySet<string>) => void,
): Promise<AgentConnection> {
  const sent = new Set<string>();
  const socket = await openConnection(uri, (text) => onMessage(text, sent));
  return {
    did,
    closed: socket.closed,
    get open() {
      return socket.open;
    },
    send: async (message) => {
      sent.add(message.id);
      await socket.send(await pack(message));
    },
    close: () => socket.close(),
  };
}
