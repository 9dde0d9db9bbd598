/**
 * certify, verify and badge end to end through the built CLI: a real full run of every case of profile
 * v2.0 against the reference adapter (every suite file, no narrowing), its certificate and badges; verify on
 * it, on the certificate and on run.jsonl each edited by one byte; the usage errors.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { packageRoot } from '../../adapter/manifest.js';
import { certificateDigest, type CertificateDocument } from '../../certify/certificate.js';
import { currentHarness } from '../../certify/harness.js';
import { unverifiedClaims } from '../../certify/jws.js';

const root = packageRoot();
const cli = join(root, 'dist/src/cli/main.js');
const work = mkdtempSync(join(tmpdir(), 'certify-cli-'));
const out = join(work, 'cert');
const env = { DIDCOMM_CONFORMANCE_CONFIG: join(work, 'config') };
/** Whether this checkout has uncommitted changes: certify then needs --allow-dirty and records it. */
const dirty = currentHarness(root).dirty;

const dc = (...args: string[]) => execa(process.execPath, [cli, ...args], { cwd: root, reject: false, env });

let certified: Awaited<ReturnType<typeof dc>>;
let jws: string;

beforeAll(async () => {
  certified = await dc('certify', '--adapter', 'reference', '--profile', 'v2.0', '--out', out, '--seed', '1', '--json', ...(dirty ? ['--allow-dirty'] : []));
  jws = readFileSync(join(out, 'certificate.jws'), 'utf8');
}, 600_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('certify', { timeout: 60_000 }, () => {
  test('a full run of profile v2.0: every suite, the profile passes, the certificate says so (exit 0)', () => {
    expect(certified.exitCode, certified.stderr).toBe(0);
    const printed = JSON.parse(certified.stdout) as { digest: string; issuer: string; profiles: CertificateDocument['profiles'] };
    expect(printed.digest).toBe(certificateDigest(jws));
    const document = unverifiedClaims(jws) as CertificateDocument;
    expect(document.run.selection).toEqual({ suites: '**', profile: 'v2.0' });
    expect(document.harness.dirty).toBe(dirty);
    expect(document.issuer).toBe(printed.issuer);
    expect(document.profiles).toEqual([expect.objectContaining({ profile: 'v2.0', verdict: 'pass', failed: 0, blocked: 0, errored: 0 })]);
    expect(document.profiles[0]!.passed).toBeGreaterThan(0);
    expect(document.profiles[0]!.requirements.exercised).toBeGreaterThan(0);
    expect(document.profiles[0]!.requirements.exercised).toBeLessThanOrEqual(document.profiles[0]!.requirements.total);
    expect(certified.stderr).toContain('generated a certifier key');
    expect(readFileSync(join(out, 'certificate-badges', 'v2.0.svg'), 'utf8')).toContain(`digest="sha256:${printed.digest}"`);
  });

  test('verify: valid on this harness (exit 0), or names the uncommitted changes (exit 1) unless another harness is allowed', async () => {
    const verified = await dc('verify', join(out, 'certificate.jws'));
    expect(verified.stdout).toContain('✔ signature: EdDSA signature by did:key:');
    expect(verified.stdout).toContain('✔ run: ');
    expect(verified.stdout).toContain('✔ verdicts: re-derived with the current verdict rule: v2.0 pass');
    if (dirty) {
      expect(verified.exitCode).toBe(1);
      expect(verified.stdout).toContain('uncommitted changes');
      const allowed = await dc('verify', join(out, 'certificate.jws'), '--allow-other-harness');
      expect(allowed.exitCode).toBe(0);
      expect(allowed.stdout).toContain('valid, on another harness than the one it names');
    } else {
      expect(verified.exitCode, verified.stdout).toBe(0);
      expect(verified.stdout).toMatch(/\nvalid$/);
    }
  });

  test('verify: a certificate edited by one byte is invalid (exit 1) with the reason', async () => {
    const payloadStart = jws.indexOf('.') + 1;
    const index = payloadStart + 200;
    const edited = join(work, 'edited.jws');
    writeFileSync(edited, `${jws.slice(0, index)}${jws[index] === 'x' ? 'y' : 'x'}${jws.slice(index + 1)}`);
    const result = await dc('verify', edited, '--run', out, '--allow-other-harness');
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('✘ signature: the signature does not verify with the key of did:key:');
    expect(result.stdout).toContain('INVALID: signature: the signature does not verify');
  });

  test('verify: a run.jsonl edited by one byte is invalid (exit 1) with the reason', async () => {
    const copy = join(work, 'copy');
    cpSync(out, copy, { recursive: true });
    const text = readFileSync(join(copy, 'run.jsonl'), 'utf8');
    const index = text.indexOf('"outcome":"passed"') + '"outcome":"'.length;
    writeFileSync(join(copy, 'run.jsonl'), `${text.slice(0, index)}P${text.slice(index + 1)}`);
    const result = await dc('verify', join(copy, 'certificate.jws'), '--allow-other-harness', '--json');
    expect(result.exitCode).toBe(1);
    const verification = JSON.parse(result.stdout) as { status: string; reasons: string[] };
    expect(verification.status).toBe('invalid');
    expect(verification.reasons[0]).toMatch(/^run: .*run\.jsonl does not match the certificate: its SHA-256 is [0-9a-f]{64}, the certificate names [0-9a-f]{64}/);
  });

  test('badge: the Markdown and HTML snippets name the certificate\'s digest', async () => {
    const result = await dc('badge', join(out, 'certificate.jws'), '--site-url', 'https://results.example/dc');
    expect(result.exitCode).toBe(0);
    const digest = certificateDigest(jws);
    expect(result.stdout).toContain(`markdown: [![didcomm-conformance reference 0.1.0 v2.0: pass 100% (certificate sha256:${digest.slice(0, 12)})](https://results.example/dc/certificates/${digest}/v2.0.svg)](https://results.example/dc/certificates/${digest}/index.html)`);
    expect(result.stdout).toContain(`html:     <a href="https://results.example/dc/certificates/${digest}/index.html">`);
  });

  test('usage errors exit 2 with one line: unknown profile, unreadable certificate, unreadable key', async () => {
    const unknown = await dc('certify', '--adapter', 'reference', '--profile', 'core,nope');
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain('(unknown: nope)');
    const missing = await dc('verify', join(work, 'absent.jws'));
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toBe(`didcomm-conformance verify: ${join(work, 'absent.jws')}: cannot read the certificate (ENOENT)`);
    const badKey = await dc('certify', '--adapter', 'reference', '--profile', 'v2.0', '--key', join(work, 'absent.jwk'), '--allow-dirty');
    expect(badKey.exitCode).toBe(2);
    expect(badKey.stderr).toMatch(/^didcomm-conformance certify: .*absent\.jwk: cannot read the key file \(ENOENT\)$/);
  });

  test.runIf(dirty)('on a tree with uncommitted changes, certify refuses without --allow-dirty (exit 2), before running anything', async () => {
    const refused = await dc('certify', '--adapter', 'reference', '--profile', 'v2.0', '--out', join(work, 'refused'));
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain('the harness tree has uncommitted changes');
    expect(() => readFileSync(join(work, 'refused', 'run.jsonl'))).toThrow();
  });
});
