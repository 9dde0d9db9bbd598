/**
 * The reference agent under load (issue 10, item 4): 10,000 authcrypt trust pings with `return_route: "all"`
 * over 100 concurrent loopback connections (50 HTTP keep-alive, 50 WebSocket), with malformed, wrong
 * Content-Type and oversized bodies interleaved on the same connections. Prints lost and duplicated pings
 * (both must be 0), the hostile bodies answered 4xx with a problem description, p50/p99 latency per
 * transport and throughput. Bounded: `--messages`, `--connections`, `--deadline-s` (default 300 s).
 *
 *   node dist/bench/load.js [--messages 10000] [--connections 100] [--hostile-every 50] [--oversized 10] [--json]
 *
 * Exit 1 when a ping was lost or duplicated or a hostile body was not answered 4xx with a problem.
 * @module
 */
import { benchArgs, wholeNumber } from './support/args.js';
import { runLoad } from './support/load.js';

const USAGE = 'node dist/bench/load.js [--messages N] [--connections C] [--hostile-every K] [--oversized O] [--deadline-s S] [--json]';
const { values } = benchArgs('load', USAGE, {
  messages: { type: 'string' }, connections: { type: 'string' }, 'hostile-every': { type: 'string' },
  oversized: { type: 'string' }, 'deadline-s': { type: 'string' }, json: { type: 'boolean', default: false },
});
const option = (name: 'messages' | 'connections' | 'hostile-every' | 'oversized' | 'deadline-s', fallback: number, minimum = 1): number =>
  wholeNumber('load', USAGE, name, values[name], fallback, minimum);

const figures = await runLoad({
  messages: option('messages', 10_000),
  connections: option('connections', 100),
  hostileEvery: option('hostile-every', 50),
  oversized: option('oversized', 10, 0),
  deadlineMs: option('deadline-s', 300) * 1000,
});
const ok = figures.lost === 0 && figures.duplicated === 0 && figures.hostile.wrong.length === 0 && figures.hostile.http4xxWithProblem + figures.hostile.wsIgnored === figures.hostile.sent;
if (values.json) {
  console.log(JSON.stringify(figures, null, 2));
} else {
  const ms = (n: number): string => n.toFixed(1);
  console.log(`reference agent under load: ${figures.messages} authcrypt pings (return_route all) over ${figures.connections.http} HTTP + ${figures.connections.ws} WebSocket loopback connections`);
  console.log(`  lost ${figures.lost}, duplicated ${figures.duplicated} (answered ${figures.answered}, recorded once by the agent ${figures.recordedOnce})`);
  console.log(`  hostile bodies interleaved: ${figures.hostile.sent} (HTTP 4xx with a problem description: ${figures.hostile.http4xxWithProblem}, WebSocket refused without a reply: ${figures.hostile.wsIgnored}, wrong: ${figures.hostile.wrong.length})`);
  for (const wrong of figures.hostile.wrong.slice(0, 5)) console.log(`    ${wrong}`);
  console.log(`  latency ms: p50 ${ms(figures.latencyMs.p50)}, p99 ${ms(figures.latencyMs.p99)}, max ${ms(figures.latencyMs.max)}`);
  console.log(`    HTTP: ${figures.byTransport.http.count} pings, p50 ${ms(figures.byTransport.http.p50)}, p99 ${ms(figures.byTransport.http.p99)}`);
  console.log(`    WebSocket: ${figures.byTransport.ws.count} pings, p50 ${ms(figures.byTransport.ws.p50)}, p99 ${ms(figures.byTransport.ws.p99)}`);
  console.log(`  throughput: ${figures.perSecond.toFixed(0)} pings/s over ${figures.seconds.toFixed(1)} s (packing them beforehand took ${figures.packSeconds.toFixed(1)} s, not timed)`);
}
process.exitCode = ok ? 0 : 1;
