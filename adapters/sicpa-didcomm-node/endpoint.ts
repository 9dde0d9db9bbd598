/**
 * The adapter's own inbound transport: didcomm-node 0.4.1 is a message library with no transport, so an
 * application gives it one: the SDK's InboundEndpoint (src/adapter/sdk/inbound-endpoint.ts), with each body
 * unpacked by didcomm-node's `Message.unpack` (agent.ts). The HTTP answer is the adapter's transport choice,
 * documented in the README: `202` when didcomm-node accepted the message, `400` when it rejected it (with its
 * error text). No reply is ever sent on the connection (didcomm-node has no protocols, so it has nothing to
 * answer with, `return_route` or not); no WebSocket.
 * @module
 */
import type { TakenBody } from '../../src/adapter/sdk/index.js';
import type { NodeAgent } from './agent.js';

/** didcomm-node's verdict on one body, through the agent of the moment (`reset` replaces it). */
export function takenByNode(agent: () => NodeAgent): (packed: string) => Promise<TakenBody> {
  return async (packed) => {
    const unpacked = await agent().unpack(packed);
    return unpacked.status === 'accepted'
      ? { status: 202, unpacked }
      : { status: 400, text: `${unpacked.error.code}: ${unpacked.error.message}`, unpacked };
  };
}
