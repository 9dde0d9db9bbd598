/**
 * A mistake in how the command was called (bad flag, unreadable file): exit code 2, message on stderr.
 * @module
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
