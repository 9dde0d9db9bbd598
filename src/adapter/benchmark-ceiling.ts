/**
 * A plausibility ceiling for benchmark figures: each pack of an encrypted mode needs at least one ephemeral key
 * generation and one (anoncrypt) or two (authcrypt) ECDH operations on its curve, each unpack one or two ECDH;
 * each signed pack one signature and each unpack one verification. Measured natively here (OpenSSL through
 * node:crypto) on this machine, per CPU-second, that work bounds what any honest implementation can reach on
 * one core; a figure above CEILING_HEADROOM times it is not believed (a library may beat OpenSSL, not by that
 * much). Plaintext has no such floor of work and no ceiling, and neither has ES256K, where OpenSSL's generic secp256k1 code is no bound
 * (affinidi-didcomm, on k256, packed ES256K at 18x the reference's rate in one run): their figures rest on the
 * counts, the times and the sample.
 * @module
 */
import { diffieHellman, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import type { BenchmarkMode } from './benchmark-modes.js';

/** How far above the native bound a figure may be before it is flagged. */
export const CEILING_HEADROOM = 5;
const SLICE_MS = 40;

export interface Ceiling {
  pack: number;
  unpack: number;
}

type Curve = 'X25519' | 'P-256';

function agreementPair(curve: Curve): { privateKey: KeyObject; publicKey: KeyObject } {
  return curve === 'X25519' ? generateKeyPairSync('x25519') : generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
}

function signingPair(alg: string): { privateKey: KeyObject; publicKey: KeyObject; digest: string | null } {
  if (alg === 'EdDSA') return { ...generateKeyPairSync('ed25519'), digest: null };
  return { ...generateKeyPairSync('ec', { namedCurve: alg === 'ES256K' ? 'secp256k1' : 'prime256v1' }), digest: 'sha256' };
}

/**
 * Best operations per CPU-second of `operation` over three short slices. CPU time, not wall time: on a loaded
 * machine this process gets a fraction of a core while an adapter may get a whole one, and a ceiling measured
 * in wall time would then flag honest figures.
 */
function rate(operation: () => void): number {
  let best = 0;
  for (let slice = 0; slice < 3; slice++) {
    let count = 0;
    const started = performance.now();
    const cpu = process.cpuUsage();
    while (performance.now() - started < SLICE_MS) {
      operation();
      count++;
    }
    const used = process.cpuUsage(cpu);
    const cpuMs = (used.user + used.system) / 1000;
    if (cpuMs > 0) best = Math.max(best, (count / cpuMs) * 1000);
  }
  return best;
}

/** The ceiling of `mode` in messages/s (pack and unpack), or undefined when the mode has no floor of work. */
export function measureCeiling(mode: BenchmarkMode): Ceiling | undefined {
  const { envelope, curve, signBy } = mode.pack;
  const alg = mode.name.split(' ')[1]!;
  // OpenSSL has no fast secp256k1 (generic EC code): libraries built on libsecp256k1 or k256 beat it by 10x and more.
  if (envelope === 'signed' && alg !== 'ES256K') {
    const { privateKey, publicKey, digest } = signingPair(alg);
    const data = Buffer.alloc(1400, 1);
    const signature = sign(digest, data, privateKey);
    return {
      pack: CEILING_HEADROOM * rate(() => sign(digest, data, privateKey)),
      unpack: CEILING_HEADROOM * rate(() => verify(digest, data, publicKey, signature)),
    };
  }
  if ((envelope === 'anoncrypt' || envelope === 'authcrypt') && (curve === 'X25519' || curve === 'P-256') && signBy === undefined) {
    const ecdh = envelope === 'anoncrypt' ? 1 : 2;
    const a = agreementPair(curve);
    const b = agreementPair(curve);
    const agree = () => diffieHellman({ privateKey: a.privateKey, publicKey: b.publicKey });
    return {
      pack: CEILING_HEADROOM * rate(() => { agreementPair(curve); for (let i = 0; i < ecdh; i++) agree(); }),
      unpack: CEILING_HEADROOM * rate(() => { for (let i = 0; i < ecdh; i++) agree(); }),
    };
  }
  return undefined;
}
