/**
 * The envelope cells of one ordered pair: for every feature both claim, the sender produces the envelope
 * and the receiver unpacks it (envelope-exchange.ts). The parties are the spec's vector parties where both
 * sides hold them and they have the feature's keys, else identities each side creates
 * (created-identities.ts). A cell that fails is retried through the reference as a third party, with the
 * same kind of identities (triangulation.ts). Evidence: one file per tried cell with both transcripts.
 * @module
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AdapterSession } from '../adapter/session.js';
import type { Capabilities, PlaintextMessage } from '../adapter/protocol/v1/types.generated.js';
import { isAdapterError } from '../errors/adapter-error.js';
import { CannotCreate, createdParties, CreatedIdentities, produceCreated } from './created-identities.js';
import type { CaptureEndpoint } from './capture-endpoint.js';
import { exchange, messageFor, packOn, packParams, unpackAndJudge, VECTOR_ADDRESSING, type Addressing, type ExchangeOutcome } from './envelope-exchange.js';
import { claims, FEATURES, type Feature } from './features.js';
import type { CellStatus, MatrixCell } from './run.js';
import { triangulate } from './triangulation.js';

/** One side of the pair: its session (once set up) and why it cannot hold the vector parties, if so. */
export interface EnvelopeSide {
  name: string;
  capabilities?: Capabilities;
  session?: AdapterSession;
  error?: string;
  /** Why the side cannot hold the spec's vector parties (it does not implement importIdentity). */
  unsupported?: string;
}

export interface EnvelopeCellsOptions {
  out: string;
  /** Evidence folder of the pair, relative to `out`. */
  evidenceDir: string;
  pairName: string;
  seed: number;
  capture: CaptureEndpoint;
  /** The reference as third party holding both vector parties, opened on first need. */
  reference?: () => Promise<AdapterSession | undefined>;
}

/** The n/a reason of a feature a side does not claim, if so. */
function unclaimed(sender: EnvelopeSide, receiver: EnvelopeSide, feature: Feature): string | undefined {
  const lacking = [!claims(sender.capabilities!, feature, 'sender') ? `${sender.name} as sender` : '', !claims(receiver.capabilities!, feature, 'receiver') ? `${receiver.name} as receiver` : ''].filter(Boolean);
  return lacking.length > 0 ? `not claimed by ${lacking.join(' and ')}` : undefined;
}

/** One exchange between identities `sender` and `receiver` create; a side that cannot create them makes it n/a. */
async function createdExchange(sender: CreatedIdentities, receiver: CreatedIdentities, feature: Feature, pairName: string, seed: number): Promise<ExchangeOutcome & { message?: PlaintextMessage; addressing?: Addressing }> {
  let parties;
  try {
    parties = await createdParties(sender, receiver, feature);
  } catch (error) {
    if (error instanceof CannotCreate) return { status: 'n/a', detail: error.message };
    return { status: 'error', detail: isAdapterError(error) ? `${error.code}: ${error.message}` : (error as Error).message };
  }
  const message = messageFor(feature, pairName, seed, parties.addressing);
  const outcome = await exchange(() => produceCreated(sender, receiver, parties.receiverIdentity, feature, parties.addressing, message), receiver.session, feature, message);
  return { ...outcome, message, addressing: parties.addressing };
}

/** Runs every envelope feature for the pair; returns the cells. */
export async function runEnvelopeCells(sender: EnvelopeSide, receiver: EnvelopeSide, options: EnvelopeCellsOptions): Promise<MatrixCell[]> {
  const cells: MatrixCell[] = [];
  const identities = new Map<AdapterSession, CreatedIdentities>();
  const createdOn = (name: string, session: AdapterSession): CreatedIdentities => {
    let made = identities.get(session);
    if (!made) identities.set(session, made = new CreatedIdentities(name, session, options.capture));
    return made;
  };
  for (const feature of FEATURES) {
    const base = { feature: feature.id, group: 'envelope' as const };
    if (!sender.capabilities || !receiver.capabilities) {
      cells.push({ ...base, status: 'error', detail: 'an adapter did not describe itself' });
      continue;
    }
    const reason = unclaimed(sender, receiver, feature);
    if (reason) {
      cells.push({ ...base, status: 'n/a', detail: reason });
      continue;
    }
    if (!sender.session || !receiver.session) {
      cells.push({ ...base, status: 'error', detail: `setup failed: ${sender.error ?? receiver.error}` });
      continue;
    }
    // The vector parties where both hold them and have the keys; else identities of the adapters' own.
    const created = sender.unsupported !== undefined || receiver.unsupported !== undefined || feature.impossible !== undefined;
    const why = created ? [sender.unsupported, receiver.unsupported, feature.impossible].filter(Boolean).join('; ') : undefined;
    let outcome: ExchangeOutcome & { message?: PlaintextMessage; addressing?: Addressing };
    if (created) outcome = await createdExchange(createdOn(sender.name, sender.session), createdOn(receiver.name, receiver.session), feature, options.pairName, options.seed);
    else {
      const message = messageFor(feature, options.pairName, options.seed, VECTOR_ADDRESSING);
      outcome = { ...await exchange(() => packOn(sender.session!, packParams(feature, VECTOR_ADDRESSING, message)), receiver.session, feature, message), message };
    }
    const detail = outcome.status === 'n/a' && created ? `${outcome.detail ?? ''} (identities created because ${why})` : outcome.detail;
    const cell: MatrixCell = { ...base, status: outcome.status, ...(detail ? { detail } : {}), ...(created ? { identities: 'created' as const } : {}) };
    const evidence: Record<string, unknown> = {
      sender: sender.name, receiver: receiver.name, feature, identities: created ? { created: why, ...outcome.addressing } : 'the spec\'s vector parties',
      message: outcome.message, status: outcome.status, detail: outcome.detail, packed: outcome.packed, ...(outcome.contentType ? { capturedContentType: outcome.contentType } : {}),
      senderTranscript: sender.session.takeTranscript(), receiverTranscript: receiver.session.takeTranscript(),
    };
    const third = (outcome.status === 'fail' || outcome.status === 'pack-rejected') ? await options.reference?.() : undefined;
    if (third) {
      let senderToReference: CellStatus | undefined;
      let referenceToReceiver: CellStatus;
      if (created) {
        const reference = createdOn('reference', third);
        senderToReference = (await createdExchange(createdOn(sender.name, sender.session), reference, feature, options.pairName, options.seed)).status;
        referenceToReceiver = (await createdExchange(reference, createdOn(receiver.name, receiver.session), feature, options.pairName, options.seed)).status;
      } else {
        const message = outcome.message!;
        senderToReference = outcome.packed !== undefined ? (await unpackAndJudge(third, outcome.packed, feature, message).catch(() => ({ status: 'error' as const }))).status : undefined;
        referenceToReceiver = (await exchange(() => packOn(third, packParams(feature, VECTOR_ADDRESSING, message)), receiver.session, feature, message)).status;
      }
      cell.via = triangulate(sender.name, receiver.name, outcome.status, senderToReference, referenceToReceiver);
      evidence['via'] = { ...cell.via, referenceTranscript: third.takeTranscript(), senderTranscript: sender.session.takeTranscript(), receiverTranscript: receiver.session.takeTranscript() };
    }
    const file = join(options.evidenceDir, `${feature.id}.json`);
    writeFileSync(join(options.out, file), `${JSON.stringify(evidence, null, 2)}\n`);
    cells.push({ ...cell, evidence: file });
  }
  return cells;
}
