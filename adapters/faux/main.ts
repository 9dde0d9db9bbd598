/**
 * Faux adapters: the toy agent broken on purpose in one way, to prove the harness turns each kind of
 * adapter trouble into `errored` for the affected case only (or `failed` for the liar) and keeps going.
 *
 * Usage: `node main.js --fault NAME [--on METHOD] [--delay MS]`. The fault applies to calls of METHOD
 * (default `unpack`); every other call is answered honestly, so unaffected cases still pass.
 *
 *   hang      never answers
 *   crash     exits mid-run: on the 2nd call, once per harness process (a marker file keyed by the parent
 *             pid, or by FAUX_CRASH_KEY when set)
 *   garbage   answers a line that is not JSON
 *   huge      answers a 100 MB line (the harness must cut it at its reply cap without buffering it)
 *   wrong-id  answers with another request's id
 *   schema    answers a result that violates the method schema
 *   slow      answers after --delay ms (default 200), within the deadline: nothing may go wrong
 *   liar      answers a schema-valid but wrong plaintext (another body): a conformance failure
 *   inject    puts HTML/script and terminal escapes into every free-text string it returns and logs
 *   flood     writes --flood-mb MB (default 50) of log lines to stderr on the first METHOD call, then
 *             answers honestly: the harness keeps a bounded log tail and counts what it dropped
 *   fork      forks two children that ignore SIGTERM and hold stdout/stderr open, ignores SIGTERM and
 *             stdin EOF itself, never exits, and never answers METHOD: the harness must kill the whole
 *             process group on timeout and on close (every process carries `--tag T` in its argv)
 *   out-of-order  answers METHOD request N with a reply to N+1 (not sent yet) first, then N's
 *   replay    answers METHOD with a copy of the previous reply (an old id) first, then the right one
 *   nested    answers METHOD with JSON the parser takes but a recursive walk cannot: --shape deep
 *             (100,000 levels of arrays) or wide (an array of 800,000 members), within the reply cap
 *   leak      answers every call honestly but puts private JWKs in its replies and prints them, and the `d`
 *             of every imported secret, on stderr (leak-agent.ts): no output of the harness may hold them
 *   malformed the reference adapter (live agent included), except that it sends one malformed message
 *             of each protocol (adapters/faux/malformations.ts): those cases fail under the requirement
 *             of the protocol page, with the JSON pointer of the violation
 * @module
 */
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createDispatcher, type AdapterHandlers } from '../../src/adapter/sdk/index.js';
import { leakingAgent } from './leak-agent.js';
import { toyAgent } from './toy-agent.js';
import { malform } from './malformations.js';
import { referenceHandlers } from '../reference/handlers.js';
import { invitationUrl, parseInvitationUrl, OUT_OF_BAND_PIURI } from '../../src/didcomm/protocols/out-of-band-2.0/out-of-band.js';

/** The faults this program knows. */
export const FAULTS = ['hang', 'crash', 'garbage', 'huge', 'wrong-id', 'schema', 'slow', 'liar', 'inject', 'flood', 'fork', 'out-of-order', 'replay', 'nested', 'leak', 'malformed'] as const;
type Fault = (typeof FAULTS)[number];

/** What `inject` puts into strings: markup, a script, and terminal control sequences. */
export const INJECTION = '<script>alert("faux")</script><img src=x onerror=alert(1)>\u001b[2J\u001b]0;pwned\u0007';

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] !== undefined ? process.argv[at + 1]! : fallback;
}

const fault = option('fault', '') as Fault;
if (!FAULTS.includes(fault)) {
  process.stderr.write(`faux: unknown --fault ${JSON.stringify(fault)}; one of ${FAULTS.join(', ')}\n`);
  process.exit(2);
}
const target = option('on', 'unpack');
const delayMs = Number(option('delay', '200'));
const floodMb = Number(option('flood-mb', '50'));
const shape = option('shape', 'deep');
const tag = option('tag', 'faux-fork');

/** The reference agent breaking one message of each protocol: on the wire, and in the invitation URLs it returns. */
function malformedHandlers(): AdapterHandlers {
  const reference = referenceHandlers('1.0.0', { rewriteOutgoing: malform });
  return {
    ...reference,
    describe: async () => {
      const described = await reference.describe();
      return { ...described, implementation: { ...described.implementation, name: 'faux-malformed' } };
    },
    protocol: async (params) => {
      const result = await reference.protocol!(params);
      const url = result.output?.['url'];
      if (params.piuri !== OUT_OF_BAND_PIURI || params.action !== 'invitation' || typeof url !== 'string') return result;
      const { origin, pathname } = new URL(url);
      return { ...result, output: { ...result.output, url: invitationUrl(malform(parseInvitationUrl(url)), `${origin}${pathname}`) } };
    },
  };
}

function handlersFor(): AdapterHandlers {
  if (fault === 'malformed') return malformedHandlers();
  const toy = toyAgent(fault === 'inject' ? `faux-inject ${INJECTION}` : `faux-${fault}`);
  if (fault === 'liar') {
    return {
      ...toy,
      // Claims signed messages too, and tampers with what it unpacks.
      describe: async () => {
        const described = await toy.describe();
        return { ...described, capabilities: { ...described.capabilities, envelopes: ['plaintext', 'signed'] } };
      },
      unpack: async (params) => {
        const result = await toy.unpack(params);
        return result.status === 'accepted' ? { ...result, message: { ...result.message, body: { lie: true } } } : result;
      },
    };
  }
  if (fault === 'leak') return leakingAgent(toy);
  if (fault === 'inject') {
    return {
      ...toy,
      describe: async () => {
        const described = await toy.describe();
        return { ...described, implementation: { ...described.implementation, version: `1.0.0${INJECTION}`, language: INJECTION } };
      },
      unpack: async (params) => {
        process.stderr.write(`faux log ${INJECTION}\n`);
        const result = await toy.unpack(params);
        return result.status === 'accepted'
          ? { ...result, metadata: { ...result.metadata, note: INJECTION, warnings: [{ message: INJECTION }] } }
          : { status: 'rejected', error: { code: `code${INJECTION}`, message: INJECTION } };
      },
    };
  }
  return toy;
}

const dispatcher = createDispatcher(handlersFor());
let targetCalls = 0;

function write(text: string): Promise<void> {
  return new Promise((resolve) => process.stdout.write(text, () => resolve()));
}

async function writeHugeLine(): Promise<void> {
  const chunk = `{"jsonrpc":"2.0","result":"${'x'.repeat(1024 * 1024)}`;
  // 100 chunks of 1 MiB; the harness kills us at its cap, which ends this loop with EPIPE.
  for (let i = 0; i < 100; i += 1) await write(chunk);
  await write('"}\n');
}

/** stderr lines, `megabytes` MB in all, written with backpressure. */
async function flood(megabytes: number): Promise<void> {
  const line = `faux flood: ${'log line '.repeat(11)}\n`;
  const block = line.repeat(Math.floor((1024 * 1024) / line.length));
  for (let i = 0; i < megabytes; i += 1) {
    await new Promise<void>((resolve) => process.stderr.write(block, () => resolve()));
  }
}

/** Children that ignore SIGTERM, keep the inherited pipes open and outlive their parent. */
function forkStubbornChildren(): void {
  const code = "process.on('SIGTERM',()=>{});process.on('SIGINT',()=>{});setInterval(()=>{},1000)";
  for (let i = 0; i < 2; i += 1) spawn(process.execPath, ['-e', code, '--', 'faux-child', '--tag', tag], { stdio: ['ignore', 'inherit', 'inherit'] });
  process.on('SIGTERM', () => process.stderr.write('faux fork: SIGTERM ignored\n'));
  setInterval(() => undefined, 1000);
}

/** A reply the parser accepts but no recursive walk survives (deep) or that swamps a validator (wide). */
function nestedReply(id: unknown): string {
  if (shape === 'wide') {
    const kids = `[${'0,'.repeat(800_000)}0]`;
    return `{"jsonrpc":"2.0","id":${JSON.stringify(id)},"result":{"status":"accepted","message":{"id":"1","type":"t"},"metadata":{"encrypted":false,"authenticated":false,"nonRepudiation":false,"anonymousSender":true,"recipientKids":${kids}}}}\n`;
  }
  const levels = 100_000;
  return `{"jsonrpc":"2.0","id":${JSON.stringify(id)},"result":{"status":"accepted","message":{"id":"1","type":"t","body":{"x":${'['.repeat(levels)}${']'.repeat(levels)}}}}}\n`;
}

if (fault === 'fork') forkStubbornChildren();
let flooded = false;
let previousReply: string | undefined;

process.stdout.on('error', () => process.exit(0));
console.log = console.error;
for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  if (line.trim() === '') continue;
  const { reply, method } = await dispatcher.handle(line);
  if (method === target) {
    targetCalls += 1;
    if (fault === 'hang') continue;
    if (fault === 'crash' && targetCalls === 2) {
      const marker = join(tmpdir(), `didcomm-faux-crash-${process.env['FAUX_CRASH_KEY'] ?? process.ppid}`);
      if (!existsSync(marker)) {
        writeFileSync(marker, 'crashed once');
        process.stderr.write('faux: crashing on purpose\n');
        process.exit(3);
      }
    }
    if (fault === 'garbage') {
      await write('this is not JSON <b>at all</b>\n');
      continue;
    }
    if (fault === 'huge') {
      await writeHugeLine();
      continue;
    }
    if (fault === 'wrong-id') {
      await write(`${JSON.stringify({ ...reply, id: typeof reply.id === 'number' ? reply.id + 1000 : 'wrong' })}\n`);
      continue;
    }
    if (fault === 'flood' && !flooded) {
      flooded = true;
      await flood(floodMb);
    }
    if (fault === 'fork') continue;
    if (fault === 'out-of-order' && typeof reply.id === 'number') {
      await write(`${JSON.stringify({ ...reply, id: reply.id + 1 })}\n${JSON.stringify(reply)}\n`);
      continue;
    }
    if (fault === 'replay' && previousReply !== undefined) {
      await write(`${previousReply}\n${JSON.stringify(reply)}\n`);
      continue;
    }
    if (fault === 'nested') {
      await write(nestedReply(reply.id));
      continue;
    }
    if (fault === 'schema' && 'result' in reply) {
      await write(`${JSON.stringify({ ...reply, result: { status: 'accepted', message: 'a string is not a message' } })}\n`);
      continue;
    }
  }
  if (fault === 'slow') await new Promise((resolve) => setTimeout(resolve, delayMs));
  if (fault === 'inject' && 'error' in reply) reply.error.message += INJECTION;
  previousReply = JSON.stringify(reply);
  await write(`${previousReply}\n`);
  // faux/fork never leaves on its own: the harness has to kill it.
  if (method === 'shutdown' && fault !== 'fork') break;
}
