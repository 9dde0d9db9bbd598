/**
 * Parsers of the commands' numeric options: a value that is not the whole number the option takes is a usage
 * error naming what it must be (commander prints it with the option's name; exit 2), never a NaN passed on.
 * @module
 */
import { InvalidArgumentError } from 'commander';

/** 0, 1, 2, … (seeds, clocks, retries). */
export function nonNegativeInteger(value: string): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isSafeInteger(parsed) || parsed < 0) throw new InvalidArgumentError('a non-negative integer');
  return parsed;
}

/** 1, 2, 3, … (counts of cases, jobs, workers; budgets). */
export function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isSafeInteger(parsed) || parsed < 1) throw new InvalidArgumentError('a positive integer');
  return parsed;
}
