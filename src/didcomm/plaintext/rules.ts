/**
 * How a receiver reacts to a broken rule: a hard rule always rejects; a soft rule rejects in strict mode and
 * is recorded as a warning otherwise (what a lenient receiver would do).
 * @module
 */
import { DidcommError, type DidcommErrorCode } from '../../errors/didcomm-error.js';
import type { RequirementId } from '../../spec/requirements.js';
import type { UnpackWarning } from '../types.js';

export interface RuleContext {
  strict: boolean;
  warnings: UnpackWarning[];
}

export function hard(code: DidcommErrorCode, message: string, requirement: RequirementId): never {
  throw new DidcommError(code, message, { requirement });
}

/** Rejects in strict mode, warns otherwise. */
export function soft(ctx: RuleContext, code: DidcommErrorCode, message: string, requirement: RequirementId): void {
  if (ctx.strict) hard(code, message, requirement);
  ctx.warnings.push({ requirement, message });
}

/** Only warns, in either mode (SHOULD-level observations). */
export function warn(ctx: RuleContext, message: string, requirement: RequirementId): void {
  ctx.warnings.push({ requirement, message });
}
