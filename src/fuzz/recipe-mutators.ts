/**
 * Mutations of a recipe (the plaintext and the layers it is packed in) before the reference packs it: the
 * bytes stay authentic, so the receiver meets the rule under test rather than a broken tag. Each applies
 * to some recipes only and says so by returning false.
 * @module
 */
import { encodeBase64url } from '../encoding/base64url.js';
import type { PlaintextMessage } from '../didcomm/types.js';
import type { Random } from './mutators.js';
import type { CryptLayer, Layer, Recipe, SignLayer } from './recipe.js';
import { ALICE, ALICE_KEYS, anoncrypt, authcrypt, BOB_KEYS, CHARLIE } from './recipe-corpus.js';
import { unicodeEdge } from './unicode-edges.js';
import { CONTENT_ENCRYPTIONS, KEY_AGREEMENT_CURVES } from '../crypto/jwa-names.js';

export interface RecipeMutator {
  name: string;
  /** Changes `recipe` in place; false when it does not apply. */
  apply(recipe: Recipe, random: Random): boolean;
}

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const CURVES = KEY_AGREEMENT_CURVES;
const ENCS = CONTENT_ENCRYPTIONS;

function onMessage(name: string, change: (message: PlaintextMessage, random: Random) => boolean): RecipeMutator {
  return { name, apply: (recipe, random) => change(recipe.message, random) };
}

type LayerOf<K extends Layer['kind']> = K extends 'sign' ? SignLayer : CryptLayer;

function onLayer<K extends Layer['kind']>(name: string, kinds: readonly K[], change: (layer: LayerOf<K>, random: Random, recipe: Recipe) => boolean): RecipeMutator {
  return {
    name,
    apply(recipe, random) {
      const layers = recipe.layers.filter((layer) => (kinds as readonly string[]).includes(layer.kind)) as Array<LayerOf<K>>;
      return layers.length > 0 ? change(pick(random, layers), random, recipe) : false;
    },
  };
}

function setHeader(layer: SignLayer | CryptLayer, member: string, value: unknown): void {
  layer.header = { ...(layer.header ?? {}), [member]: value };
}

/** A body value, nested `depth` levels deep. */
function nested(depth: number): unknown {
  let value: unknown = 'deep';
  for (let i = 0; i < depth; i++) value = { d: value };
  return value;
}

export const RECIPE_MUTATORS: readonly RecipeMutator[] = [
  onMessage('unicode-body', (message, random) => {
    message.body = { ...(message.body ?? {}), [random() < 0.3 ? unicodeEdge(random) : 'content']: unicodeEdge(random) };
    return true;
  }),
  onMessage('unicode-id', (message, random) => {
    const field = pick(random, ['id', 'thid', 'pthid'] as const);
    message[field] = unicodeEdge(random);
    return true;
  }),
  onMessage('unicode-type', (message, random) => {
    message.type = `https://didcomm.org/basicmessage/2.0/${pick(random, ['m\u00e9ssage', `message${unicodeEdge(random)}`, 'MESSAGE'])}`;
    return true;
  }),
  onMessage('oversized-legal', (message, random) => {
    // Legal but large or deep (the reference refuses JSON deeper than 32 levels: open, LIM-002).
    const choice = Math.floor(random() * 4);
    const size = 1 << (6 + Math.floor(random() * 13));
    message.body = {
      ...(message.body ?? {}),
      ...(choice === 0 ? { content: 'c'.repeat(size * 8) }
        : choice === 1 ? Object.fromEntries(Array.from({ length: Math.min(size, 5000) }, (_, i) => [`m${i}`, i]))
          : choice === 2 ? { list: Array.from({ length: Math.min(size * 4, 50_000) }, (_, i) => i) }
            : { tree: nested(2 + Math.floor(random() * 40)) }),
    };
    return true;
  }),
  onMessage('from-to', (message, random) => {
    const choice = pick(random, ['from-charlie', 'no-from', 'no-to', 'to-charlie', 'from-fragment', 'to-fragment'] as const);
    if (choice === 'from-charlie') message.from = CHARLIE;
    else if (choice === 'no-from') delete message.from;
    else if (choice === 'no-to') delete message.to;
    else if (choice === 'to-charlie') message.to = [CHARLIE];
    else if (choice === 'from-fragment') message.from = `${ALICE}#key-1`;
    else message.to = [`${BOB_KEYS['X25519'][0]}`];
    return true;
  }),
  onMessage('plaintext-typ', (message, random) => {
    const typ = pick(random, [undefined, 'didcomm-plain+json', 'application/didcomm-signed+json', 'application/json', 'APPLICATION/DIDCOMM-PLAIN+JSON']);
    if (typ === undefined) delete message.typ;
    else message.typ = typ;
    return true;
  }),
  onLayer('sender-swap', ['authcrypt'], (layer) => {
    // Charlie encrypts, consistently (skid, apu, key), while "from" still names Alice: ENV-NEST-008.
    if (layer.curve !== 'X25519') return false;
    layer.from = `${CHARLIE}#key-x25519-1`;
    return true;
  }),
  onLayer('sender-mislabel', ['authcrypt'], (layer) => {
    // skid names one of Alice's keys, the key agreement used another (or a key on another curve).
    const label = layer.curve === 'X25519' ? `${ALICE}#key-x25519-not-in-secrets-1` : ALICE_KEYS['X25519']!;
    layer.senderKeyOf ??= layer.from;
    layer.from = label;
    return true;
  }),
  onLayer('signer-swap', ['sign'], (layer, random) => {
    const choice = pick(random, ['charlie', 'mislabel', 'not-authentication'] as const);
    if (choice === 'charlie') layer.kid = `${CHARLIE}#key-1`;
    else if (choice === 'mislabel') {
      layer.keyOf ??= layer.kid;
      layer.kid = `${ALICE}#key-not-in-secrets-1`;
    } else {
      layer.keyOf ??= layer.kid;
      layer.kid = ALICE_KEYS['X25519']!;
    }
    return true;
  }),
  onLayer('skid-apu', ['authcrypt', 'anoncrypt'], (layer, random) => {
    const from = layer.from ?? ALICE_KEYS['X25519']!;
    const choice = pick(random, ['no-skid', 'no-apu', 'apu-other', 'relative-skid', 'apu-not-utf8', 'skid-in-anoncrypt'] as const);
    if (choice === 'skid-in-anoncrypt' || layer.kind === 'anoncrypt') {
      setHeader(layer, 'skid', from);
      setHeader(layer, 'apu', encodeBase64url(from));
    } else if (choice === 'no-skid') setHeader(layer, 'skid', undefined);
    else if (choice === 'no-apu') setHeader(layer, 'apu', undefined);
    else if (choice === 'apu-other') setHeader(layer, 'apu', encodeBase64url(`${CHARLIE}#key-x25519-1`));
    else if (choice === 'relative-skid') {
      setHeader(layer, 'skid', from.slice(from.indexOf('#')));
      setHeader(layer, 'apu', encodeBase64url(from.slice(from.indexOf('#'))));
    } else setHeader(layer, 'apu', encodeBase64url(Buffer.from([0xc3, 0x28, 0xff])));
    return true;
  }),
  onLayer('recipient-label', ['authcrypt', 'anoncrypt'], (layer, random) => {
    if (layer.to.length === 0) return false;
    const target = pick(random, layer.to);
    const choice = pick(random, ['same-curve', 'other-curve', 'other-did'] as const);
    const others = choice === 'same-curve' ? BOB_KEYS[layer.curve].filter((kid) => kid !== target.kid)
      : choice === 'other-curve' ? CURVES.filter((c) => c !== layer.curve).flatMap((c) => BOB_KEYS[c])
        : [`${CHARLIE}#key-x25519-1`];
    if (others.length === 0) return false;
    target.keyOf = target.keyOf ?? target.kid;
    target.kid = pick(random, others);
    return true;
  }),
  onLayer('recipient-set', ['authcrypt', 'anoncrypt'], (layer, random) => {
    if (random() < 0.5 && layer.to.length > 1) {
      const dropped = Math.floor(random() * layer.to.length);
      layer.to = layer.to.filter((_, i) => i !== dropped);
      return true;
    }
    // Another DID among the recipients: senders MUST encrypt per DID (ENC-JWE-001).
    if (layer.curve !== 'X25519') return false;
    layer.to = [...layer.to, { kid: `${CHARLIE}#key-x25519-1` }];
    return true;
  }),
  onLayer('epk-wrong-curve', ['authcrypt', 'anoncrypt'], (layer, random) => {
    layer.epkOn = pick(random, CURVES.filter((c) => c !== layer.curve));
    return true;
  }),
  onLayer('epk-malformed', ['authcrypt', 'anoncrypt'], (layer, random) => {
    const choice = pick(random, ['small-order', 'kty-mismatch', 'extra-d'] as const);
    if (choice === 'small-order') setHeader(layer, 'epk', { kty: 'OKP', crv: 'X25519', x: encodeBase64url(new Uint8Array(32)) });
    else if (choice === 'kty-mismatch') setHeader(layer, 'epk', { kty: 'EC', crv: 'X25519', x: encodeBase64url(new Uint8Array(32).fill(9)) });
    else setHeader(layer, 'epk', { kty: 'OKP', crv: 'X25519', x: encodeBase64url(new Uint8Array(32).fill(9)), d: encodeBase64url(new Uint8Array(32).fill(1)) });
    return true;
  }),
  onLayer('enc-switch', ['authcrypt', 'anoncrypt'], (layer, random) => {
    const next = pick(random, ENCS.filter((enc) => enc !== layer.enc));
    layer.enc = next;
    return true;
  }),
  onLayer('curve-switch', ['anoncrypt'], (layer, random) => {
    const curve = pick(random, CURVES.filter((c) => c !== layer.curve));
    Object.assign(layer, anoncrypt(curve, layer.enc), { header: layer.header });
    return true;
  }),
  onLayer('typ-header', ['authcrypt', 'anoncrypt', 'sign'], (layer, random) => {
    setHeader(layer, 'typ', pick(random, [undefined, 'didcomm-encrypted+json', 'didcomm-signed+json', 'application/didcomm-signed+json', 'application/didcomm-encrypted+json', 'application/didcomm-plain+json', 'JWM']));
    return true;
  }),
  onLayer('protected-extra', ['authcrypt', 'anoncrypt', 'sign'], (layer, random) => {
    const choice = pick(random, ['unknown', 'crit', 'cty', 'unicode'] as const);
    if (choice === 'unknown') setHeader(layer, 'note', 'an unknown member');
    else if (choice === 'crit') {
      setHeader(layer, 'crit', ['exp']);
      setHeader(layer, 'exp', 1);
    } else if (choice === 'cty') setHeader(layer, 'cty', 'application/didcomm-plain+json');
    else setHeader(layer, unicodeEdge(random), unicodeEdge(random));
    return true;
  }),
  {
    // A member of one layer's protected header copied into another's, consistently signed or encrypted.
    name: 'cross-layer-header',
    apply(recipe, random) {
      if (recipe.layers.length < 2) return false;
      const [from, to] = random() < 0.5 ? [recipe.layers[0]!, recipe.layers[1]!] : [recipe.layers[1]!, recipe.layers[0]!];
      const values: Record<string, unknown> = from.kind === 'sign'
        ? { kid: from.kid, alg: 'EdDSA', typ: 'application/didcomm-signed+json' }
        : { skid: from.from ?? `${ALICE}#key-x25519-1`, alg: from.kind === 'authcrypt' ? 'ECDH-1PU+A256KW' : 'ECDH-ES+A256KW', enc: from.enc, typ: 'application/didcomm-encrypted+json' };
      const member = pick(random, Object.keys(values));
      setHeader(to, member, values[member]);
      return true;
    },
  },
  {
    // A stack no sender may use for one hop (ENV-NEST-003, ENV-NEST-006).
    name: 'forbidden-stack',
    apply(recipe, random) {
      const choice = pick(random, ['sign-outside', 'authcrypt-twice', 'anoncrypt-twice', 'sign-twice', 'anon-auth-sign'] as const);
      const signer: SignLayer = { kind: 'sign', kid: `${ALICE}#key-1`, serialization: 'general', kidIn: 'unprotected' };
      if (choice === 'sign-outside') recipe.layers.push(signer);
      else if (choice === 'authcrypt-twice') recipe.layers.push(authcrypt('X25519'));
      else if (choice === 'anoncrypt-twice') recipe.layers.push(anoncrypt('X25519'));
      else if (choice === 'sign-twice') recipe.layers.unshift(signer);
      else recipe.layers = [signer, authcrypt('X25519'), anoncrypt('X25519')];
      return true;
    },
  },
];

/** A mutator by name (repro bundles name them). */
export function recipeMutator(name: string): RecipeMutator | undefined {
  return RECIPE_MUTATORS.find((mutator) => mutator.name === name);
}
