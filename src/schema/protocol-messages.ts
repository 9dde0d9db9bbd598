/**
 * JSON Schemas of the didcomm.org protocol messages the suites exchange (src/schema/protocols/), compiled by
 * the one ajv instance and looked up by message type. Each (sub)schema names the requirement it states with
 * `x-requirement`, so a violation carries the requirement, the JSON pointer into the message and the schema
 * `$id` used. Every message is also checked against the headers the protocols share (threading ids, ACKs,
 * timing, `lang`, `web_redirect`). What a schema cannot express (threading across messages, transports,
 * timing) stays as code in the suites and src/didcomm/protocols.
 * @module
 */
import type { ErrorObject } from 'ajv';
import { REQUIREMENT_KEYWORD, validatorFor } from './ajv.js';
import { isRequirementId, type RequirementId } from '../spec/requirements.js';
import headers from './protocols/headers.schema.json' with { type: 'json' };
import basicMessage from './protocols/basicmessage/2.0/message.schema.json' with { type: 'json' };
import mediateDeny from './protocols/coordinate-mediation/3.0/mediate-deny.schema.json' with { type: 'json' };
import mediateGrant from './protocols/coordinate-mediation/3.0/mediate-grant.schema.json' with { type: 'json' };
import mediateRequest from './protocols/coordinate-mediation/3.0/mediate-request.schema.json' with { type: 'json' };
import recipientQuery from './protocols/coordinate-mediation/3.0/recipient-query.schema.json' with { type: 'json' };
import recipientUpdateResponse from './protocols/coordinate-mediation/3.0/recipient-update-response.schema.json' with { type: 'json' };
import recipientUpdate from './protocols/coordinate-mediation/3.0/recipient-update.schema.json' with { type: 'json' };
import recipient from './protocols/coordinate-mediation/3.0/recipient.schema.json' with { type: 'json' };
import disclose from './protocols/discover-features/2.0/disclose.schema.json' with { type: 'json' };
import queries from './protocols/discover-features/2.0/queries.schema.json' with { type: 'json' };
import empty from './protocols/empty/1.0/empty.schema.json' with { type: 'json' };
import deliveryRequest from './protocols/messagepickup/3.0/delivery-request.schema.json' with { type: 'json' };
import delivery from './protocols/messagepickup/3.0/delivery.schema.json' with { type: 'json' };
import liveDeliveryChange from './protocols/messagepickup/3.0/live-delivery-change.schema.json' with { type: 'json' };
import messagesReceived from './protocols/messagepickup/3.0/messages-received.schema.json' with { type: 'json' };
import statusRequest from './protocols/messagepickup/3.0/status-request.schema.json' with { type: 'json' };
import status from './protocols/messagepickup/3.0/status.schema.json' with { type: 'json' };
import invitation from './protocols/out-of-band/2.0/invitation.schema.json' with { type: 'json' };
import problemReport from './protocols/report-problem/2.0/problem-report.schema.json' with { type: 'json' };
import forward from './protocols/routing/2.0/forward.schema.json' with { type: 'json' };
import pingResponse from './protocols/trust-ping/2.0/ping-response.schema.json' with { type: 'json' };
import ping from './protocols/trust-ping/2.0/ping.schema.json' with { type: 'json' };

interface ProtocolSchema {
  $id: string;
  [REQUIREMENT_KEYWORD]: string;
}

/** Every message schema, one per message type of each protocol version the suites use. */
export const PROTOCOL_MESSAGE_SCHEMAS: readonly ProtocolSchema[] = [
  ping, pingResponse, queries, disclose, basicMessage, problemReport, empty, invitation,
  statusRequest, status, deliveryRequest, delivery, messagesReceived, liveDeliveryChange,
  mediateRequest, mediateGrant, mediateDeny, recipientUpdate, recipientUpdateResponse, recipientQuery, recipient,
  forward,
];

/** The schema of the headers every protocol message shares. */
export const HEADERS_SCHEMA: ProtocolSchema = headers;

/** A message type URI split as PIURI-002 defines it: doc-uri, protocol name, semver, message name. */
const MTURI = /^(.*?)([a-z0-9._-]+)\/(\d[^/]*)\/([a-z0-9._-]+)$/i;

/** `name/major/message`, lower case: a message of any minor version of a protocol uses its schema (PIURI-004). */
function typeKey(docUri: string, name: string, version: string, message: string): string | undefined {
  if (docUri !== 'https://didcomm.org/') return undefined;
  return `${name}/${version.split('.')[0]}/${message}`.toLowerCase();
}

const BY_TYPE = new Map<string, ProtocolSchema>(PROTOCOL_MESSAGE_SCHEMAS.map((schema) => {
  // `$id` = …/schema/protocols/<protocol>/<version>/<message>.json, as the message type names them.
  const [name, version, message] = schema.$id.replace(/\.json$/, '').split('/').slice(-3) as [string, string, string];
  return [typeKey('https://didcomm.org/', name, version, message)!, schema];
}));

/** The schema for messages of `type`, or undefined when no protocol schema covers it. */
export function messageSchemaFor(type: unknown): ProtocolSchema | undefined {
  if (typeof type !== 'string') return undefined;
  const parts = MTURI.exec(type);
  const key = parts ? typeKey(parts[1]!, parts[2]!, parts[3]!, parts[4]!) : undefined;
  return key === undefined ? undefined : BY_TYPE.get(key);
}

/** One rule a message breaks, with where and by which schema. */
export interface SchemaViolation {
  requirement: RequirementId;
  /** JSON pointer into the message (for a missing member, the member's would-be pointer). */
  pointer: string;
  message: string;
  /** The `$id` of the schema that found it. */
  schema: string;
}

/** What checking one message found: the schemas used and every violation (none when it conforms). */
export interface MessageSchemaCheck {
  schemas: string[];
  violations: SchemaViolation[];
}

function escapePointer(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The deepest `x-requirement` on the way from the schema root to the failing keyword. */
function requirementAt(schema: ProtocolSchema, schemaPath: string): RequirementId {
  let node: unknown = schema;
  let found = schema[REQUIREMENT_KEYWORD];
  for (const token of schemaPath.replace(/^#\/?/, '').split('/')) {
    if (typeof node !== 'object' || node === null) break;
    node = (node as Record<string, unknown>)[token.replace(/~1/g, '/').replace(/~0/g, '~')];
    const annotation = (node as Record<string, unknown> | undefined)?.[REQUIREMENT_KEYWORD];
    if (typeof annotation === 'string') found = annotation;
  }
  if (!isRequirementId(found)) throw new TypeError(`${schema.$id}: ${REQUIREMENT_KEYWORD} ${found} is not a requirement ID`);
  return found;
}

function describeError(error: ErrorObject): string {
  if (error.keyword === 'not') return 'is not allowed here';
  if (error.keyword === 'enum') return `${error.message ?? 'invalid'}: ${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  if (error.keyword === 'required') return 'is missing (REQUIRED)';
  return error.message ?? 'invalid';
}

function violationsOf(schema: ProtocolSchema, value: unknown): SchemaViolation[] {
  const validate = validatorFor(schema);
  if (validate(value)) return [];
  const errors = validate.errors ?? [];
  // `if` only says its branch failed, and the branches of a failed `anyOf` are summed up by the `anyOf` itself.
  const anyOfPaths = errors.filter((e) => e.keyword === 'anyOf').map((e) => `${e.schemaPath}/`);
  return errors
    .filter((e) => e.keyword !== 'if' && !anyOfPaths.some((p) => e.schemaPath.startsWith(p)))
    .map((e) => {
      const missing = (e.params as { missingProperty?: string }).missingProperty;
      return {
        requirement: requirementAt(schema, e.schemaPath),
        pointer: `${e.instancePath}${missing === undefined ? '' : `/${escapePointer(missing)}`}` || '/',
        message: describeError(e),
        schema: schema.$id,
      };
    });
}

/**
 * Checks a plaintext message against the schema of its type and the shared headers; undefined when its type
 * has no protocol schema here (an unknown or unsupported message type is the receiver's business).
 */
export function checkProtocolMessage(message: unknown): MessageSchemaCheck | undefined {
  const schema = messageSchemaFor((message as { type?: unknown } | null)?.type);
  if (!schema) return undefined;
  return { schemas: [schema.$id, HEADERS_SCHEMA.$id], violations: [...violationsOf(schema, message), ...violationsOf(HEADERS_SCHEMA, message)] };
}

/** One line for a violation: requirement, pointer, what is wrong, the schema. */
export function describeViolation(violation: SchemaViolation): string {
  return `${violation.requirement} at ${violation.pointer}: ${violation.message} (schema ${violation.schema})`;
}
