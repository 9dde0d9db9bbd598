/**
 * A bench script's command line: node's `parseArgs` in strict mode, so a mistyped option is refused rather
 * than silently ignored (a `--quik` run would otherwise take the full bench's minutes). `--help` prints the
 * usage; an unknown option, a missing value or a value that is not what the option takes is one line on
 * stderr naming it, with the usage, and exit 2 — never a stack trace.
 * @module
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;
type Parsed<T extends Options> = ReturnType<typeof parseArgs<{ options: T; allowPositionals: true; strict: true }>>;

/** Parses `process.argv` for `script` against `options` (plus `--help`); exits on bad input. */
export function benchArgs<T extends Options>(script: string, usage: string, options: T, config: { positionals?: boolean } = {}): Parsed<T> {
  let parsed: Parsed<T>;
  try {
    parsed = parseArgs({ options: { ...options, help: { type: 'boolean' } }, allowPositionals: config.positionals ?? false, strict: true }) as unknown as Parsed<T>;
  } catch (error) {
    // node's message for an unknown option goes on about positionals after `--`: the first sentence says it.
    usageError(script, usage, (error as Error).message.split('\n')[0]!.replace(/\. To specify a positional argument.*$/, ''));
  }
  if ((parsed.values as Record<string, unknown>)['help']) {
    process.stdout.write(`usage: ${usage}\n`);
    process.exit(0);
  }
  return parsed;
}

/** A whole number >= `minimum` given for `--name`, or a usage error naming the option and the value. */
export function wholeNumber(script: string, usage: string, name: string, value: string | undefined, fallback: number, minimum = 1): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number < minimum) usageError(script, usage, `--${name} takes a whole number >= ${minimum}, not ${JSON.stringify(value)}`);
  return number;
}

function usageError(script: string, usage: string, message: string): never {
  process.stderr.write(`${script}: ${message} (usage: ${usage})\n`);
  process.exit(2);
}
