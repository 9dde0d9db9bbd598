/**
 * The adapter SDK: write one handler per protocol method, expose them with `serveAdapter`.
 * @module
 */
export { createDispatcher, Unsupported } from './dispatcher.js';
export type { AdapterHandlers, Dispatcher, DispatcherOptions, ReplyFrame } from './dispatcher.js';
export { serveAdapter, serveHttp, serveStdio } from './serve.js';
export { InboundEndpoint, type TakenBody } from './inbound-endpoint.js';
export type { HttpAdapterServer, HttpServeOptions } from './serve.js';
export { PROTOCOL_VERSION, JSONRPC_ERROR } from '../protocol/v1/methods.js';
export type { MethodName, ParamsOf, ResultOf } from '../protocol/v1/methods.js';
export type * from '../protocol/v1/types.generated.js';
export { benchmarkThrough, type BenchmarkedHandlers } from './benchmark.js';
