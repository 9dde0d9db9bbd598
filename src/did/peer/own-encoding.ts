/**
 * did:peer:2 as an agent creates it, judged by the peer DID method spec: each service element encoded as the
 * spec says (PEER-002: abbreviations applied recursively, compact JSON, unpadded base64url, one `.S` element
 * per service, relative ids, `dm` only for DIDComm v2), and the document the agent resolves its DID to laid
 * out as the spec prescribes (PEER-003: `Multikey` methods `#key-1..N` in DID-string order, `#service`,
 * `#service-1`... for services without id, the multikey context).
 * @module
 */
import { decodeBase64url } from '../../encoding/base64url.js';
import { absoluteId, keyIdsFor, type DidDocument } from '../document.js';
import type { DocumentFinding } from '../own-document.js';

const LONG_NAMES: Record<string, string> = { type: 't', serviceEndpoint: 's', routingKeys: 'r', accept: 'a' };
const MULTIKEY_CONTEXT = 'https://w3id.org/security/multikey/v1';

function peer002(message: string): DocumentFinding {
  return { requirement: 'PEER-002', pointer: '/id', message };
}

/** Member names left unabbreviated anywhere in `value`, as JSON pointers. */
function longNames(value: unknown, at = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => longNames(item, `${at}/${i}`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, member]) => [...(Object.hasOwn(LONG_NAMES, key) ? [`${at}/${key}`] : []), ...longNames(member, `${at}/${key}`)]);
}

/** PEER-002 on the service elements of a did:peer:2 string. */
export function checkPeerDid2Encoding(did: string): DocumentFinding[] {
  const findings: DocumentFinding[] = [];
  const elements = did.slice('did:peer:2.'.length).split('.').filter((element) => element.startsWith('S'));
  elements.forEach((element, i) => {
    const what = `service element ${i + 1} (.S…)`;
    const encoded = element.slice(1);
    if (encoded.includes('=')) findings.push(peer002(`${what} is padded base64url; the spec strips the padding`));
    let text: string;
    let service: unknown;
    try {
      text = decodeBase64url(encoded.replace(/=+$/, ''), what, { lenient: true }).toString('utf8');
      service = JSON.parse(text);
    } catch {
      findings.push(peer002(`${what} is not base64url-encoded JSON`));
      return;
    }
    if (Array.isArray(service)) {
      findings.push(peer002(`${what} is a JSON list; each service is encoded as its own element`));
      return;
    }
    if (typeof service !== 'object' || service === null) {
      findings.push(peer002(`${what} is not a JSON object`));
      return;
    }
    if (JSON.stringify(service) !== text) findings.push(peer002(`${what} keeps whitespace; the JSON is encoded without it`));
    const unabbreviated = longNames(service);
    if (unabbreviated.length > 0) findings.push(peer002(`${what} spells out ${unabbreviated.join(', ')}; type, serviceEndpoint, routingKeys and accept are abbreviated t, s, r, a`));
    const record = service as Record<string, unknown>;
    const type = record['t'] ?? record['type'];
    if (type === 'DIDCommMessaging') findings.push(peer002(`${what} has type "DIDCommMessaging"; its abbreviation is "dm"`));
    if (typeof record['id'] === 'string' && !record['id'].startsWith('#')) findings.push(peer002(`${what} has the absolute id ${JSON.stringify(record['id'])}; service ids are relative (#…)`));
    const endpoint = record['s'];
    const accepts = (Array.isArray(endpoint) ? endpoint : [endpoint]).map((e) => (e as Record<string, unknown> | undefined)?.['a']).filter(Array.isArray) as unknown[][];
    if (type === 'dm' && accepts.some((a) => !a.includes('didcomm/v2'))) findings.push(peer002(`${what} uses "dm" for a service whose accept lacks didcomm/v2; "dm" is for DIDComm v2 only`));
  });
  return findings;
}

/** PEER-003: the agent's own resolution of its did:peer:2 (`returned`) laid out as the method spec prescribes (`resolved`). */
export function checkPeerDid2Document(returned: DidDocument, resolved: DidDocument): DocumentFinding[] {
  const findings: DocumentFinding[] = [];
  const did = resolved.id;
  const context = Array.isArray(returned['@context']) ? returned['@context'] : [returned['@context']];
  if (!context.includes(MULTIKEY_CONTEXT)) findings.push({ requirement: 'PEER-003', pointer: '/@context', message: `the context lacks ${MULTIKEY_CONTEXT}` });
  const expected = resolved.verificationMethod ?? [];
  const methods = Array.isArray(returned.verificationMethod) ? returned.verificationMethod : [];
  if (methods.length !== expected.length) findings.push({ requirement: 'PEER-003', pointer: '/verificationMethod', message: `${methods.length} verification methods; the DID encodes ${expected.length} keys` });
  methods.forEach((method, i) => {
    const want = expected[i];
    if (method.type !== 'Multikey') findings.push({ requirement: 'PEER-003', pointer: `/verificationMethod/${i}/type`, message: `type is ${JSON.stringify(method.type)}, not Multikey` });
    if (want && absoluteId(did, String(method.id)) !== absoluteId(did, want.id)) findings.push({ requirement: 'PEER-003', pointer: `/verificationMethod/${i}/id`, message: `id is ${JSON.stringify(method.id)}; key ${i + 1} in DID-string order is ${want.id.slice(did.length)}` });
    if (want && method.type === 'Multikey' && method.publicKeyMultibase !== want.publicKeyMultibase) findings.push({ requirement: 'PEER-003', pointer: `/verificationMethod/${i}/publicKeyMultibase`, message: `key ${i + 1} is not the key the DID encodes at that position` });
  });
  for (const relationship of ['keyAgreement', 'authentication'] as const) {
    const got = keyIdsFor({ ...returned, id: did }, relationship);
    const want = keyIdsFor(resolved, relationship);
    if (JSON.stringify(got) !== JSON.stringify(want)) findings.push({ requirement: 'PEER-003', pointer: `/${relationship}`, message: `${relationship} is ${JSON.stringify(got.map((id) => id.slice(did.length)))}, the DID says ${JSON.stringify(want.map((id) => id.slice(did.length)))}` });
  }
  const services = Array.isArray(returned.service) ? returned.service : [];
  (resolved.service ?? []).forEach((want, i) => {
    const got = services[i];
    if (!got) findings.push({ requirement: 'PEER-003', pointer: `/service/${i}`, message: `service ${want.id} the DID encodes is missing` });
    else if (absoluteId(did, String(got.id)) !== absoluteId(did, want.id)) findings.push({ requirement: 'PEER-003', pointer: `/service/${i}/id`, message: `service id is ${JSON.stringify(got.id)}, the method assigns ${want.id.slice(did.length)}` });
  });
  return findings;
}
