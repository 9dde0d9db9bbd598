/**
 * The certificate format and its checks, over a real (narrowed) run of the reference adapter: one suite
 * file, profile v2.0. Narrowing is fine here: these tests are about what a certificate states and how each
 * kind of tampering is caught; certify.test.ts certifies a full profile end to end.
 */
import { createPublicKey, verify as verifySignature } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { packageRoot } from '../adapter/manifest.js';
import { decodeMultikey, publicJwkOfRawKey } from '../did/multikey.js';
import { loadRun } from '../report/run-data.js';
import { profileVerdicts } from '../report/verdicts.js';
import { certificateBadge, badgeSnippets } from './badges.js';
import { certificateDigest, certificateDocument, NotCertifiable, profileStatements, sha256Hex, type CertificateDocument } from './certificate.js';
import { currentHarness, harnessDifferences } from './harness.js';
import { issueCertificate, type IssuedCertificate } from './issue.js';
import { openCertificate, signCertificate } from './jws.js';
import { loadSigningKey, type SigningKey } from './signing-key.js';
import { verifyCertificate } from './verify.js';

const root = packageRoot();
const work = mkdtempSync(join(tmpdir(), 'certificate-'));
const runDir = join(work, 'run');
const harness = currentHarness(root);
let key: SigningKey;
let issued: IssuedCertificate;

/** `text` with the character at `index` replaced by another base64url character. */
function flip(text: string, index: number): string {
  return `${text.slice(0, index)}${text[index] === 'A' ? 'B' : 'A'}${text.slice(index + 1)}`;
}

/** A copy of the run folder in which `edit` changed run.jsonl. */
function editedRun(name: string, edit: (text: string) => string): string {
  const dir = join(work, name);
  cpSync(runDir, dir, { recursive: true });
  writeFileSync(join(dir, 'run.jsonl'), edit(readFileSync(join(dir, 'run.jsonl'), 'utf8')));
  return dir;
}

beforeAll(async () => {
  const run = await execa(process.execPath, [join(root, 'dist/src/cli/main.js'), 'run', '--adapter', 'reference', '--suite', 'envelope/plaintext.test.ts', '--profile', 'v2.0', '--seed', '7', '--clock', '1700000000', '--out', runDir, '--no-reports', '--json'], { cwd: root, reject: false });
  expect(run.exitCode, run.stderr).toBe(0);
  key = loadSigningKey({ env: { DIDCOMM_CONFORMANCE_CONFIG: join(work, 'config') } });
  issued = await issueCertificate({ runDir, profiles: ['v2.0', 'core'], key, harness });
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('a certificate', () => {
  test('states the implementation, harness, digests, seed, clock and the verdict rule\'s statement per profile', () => {
    const document = issued.document;
    const run = loadRun(runDir);
    expect(document.type).toBe('didcomm-conformance/certificate');
    expect(document.issuer).toBe(key.did);
    expect(document.implementation).toMatchObject({ name: 'didcomm-conformance reference', version: '0.1.0' });
    expect(document.adapter.name).toBe('reference');
    expect(document.harness.commit).toBe(run.header.harness.commit);
    expect(document.digests.run).toBe(sha256Hex(readFileSync(join(runDir, 'run.jsonl'))));
    expect(document.digests.suites).toBe(run.header.suites?.digest);
    expect(document.digests.vectors).toBe(run.header.vectors.digest);
    expect(document.digests.registry).toBe(run.header.registry.digest);
    expect(document.digests.harness).toBe(harness.digests.harness);
    expect(document.run).toMatchObject({ seed: 7, clock: 1700000000, selection: { suites: 'envelope/plaintext.test.ts', profile: 'v2.0' } });
    expect(document.profiles.map((p) => p.profile)).toEqual(['v2.0', 'core']);
    expect(document.profiles).toEqual(profileStatements(run, ['v2.0', 'core']));
    // Exactly what the one verdict policy says, field for field (its prose description aside).
    const policy = profileVerdicts(run.cases, run.header.selection);
    for (const { knownIssuesAccepted: _accepted, ...statement } of document.profiles) {
      const { description: _description, ...verdict } = policy.find((candidate) => candidate.profile === statement.profile)!;
      expect(statement).toEqual(verdict);
    }
    // One suite file ran: the v2.0 case passed, but a narrowed run can only be incomplete.
    const v20 = document.profiles[0]!;
    expect(v20).toMatchObject({ verdict: 'incomplete', passed: 1, failed: 0, ran: 1 });
    expect(v20.incompleteBecause).toContain('only suites envelope/plaintext.test.ts ran');
    expect(v20.requirements.exercised).toBeGreaterThan(0);
    expect(document.profiles[1]).toMatchObject({ verdict: 'not-run', ran: 0 });
  });

  test('is a compact JWS, EdDSA, whose kid is the issuer\'s did:key; the signature verifies with that key alone', () => {
    const [header, payload, signature] = issued.jws.split('.');
    const protectedHeader = JSON.parse(Buffer.from(header!, 'base64url').toString()) as { alg: string; typ: string; kid: string };
    expect(protectedHeader).toEqual({ alg: 'EdDSA', typ: 'didcomm-conformance-certificate+jws', kid: `${key.did}#${key.did.slice('did:key:'.length)}` });
    const publicKey = createPublicKey({ key: publicJwkOfRawKey(decodeMultikey(key.did.slice('did:key:'.length))), format: 'jwk' });
    expect(verifySignature(null, Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(signature!, 'base64url'))).toBe(true);
    expect(certificateDigest(readFileSync(issued.path, 'utf8'))).toBe(issued.digest);
  });

  test('no private key material in the certificate, its badges or anything beside the run', () => {
    const secret = (JSON.parse(readFileSync(key.path, 'utf8')) as { d: string }).d;
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const files = (dir: string): string[] => readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]));
    const written = files(runDir);
    expect(written.some((file) => file.endsWith('certificate.jws'))).toBe(true);
    for (const file of written) expect(readFileSync(file, 'utf8')).not.toContain(secret);
    expect(Buffer.from(issued.jws.split('.')[1]!, 'base64url').toString()).not.toContain(secret);
  });

  test('a run that was killed before its footer cannot be certified', () => {
    const dir = editedRun('killed', (text) => text.split('\n').filter((line) => !line.includes('"type":"footer"')).join('\n'));
    const run = loadRun(dir);
    expect(() => certificateDocument({ run, runBytes: readFileSync(join(dir, 'run.jsonl')), profiles: ['v2.0'], issuer: key.did, harness })).toThrow(NotCertifiable);
  });
});

describe('verify', () => {
  test('holds for the certificate and its run: signature, run digest, verdicts re-derived', async () => {
    const verification = await verifyCertificate(issued.jws, { run: runDir, harness });
    expect(verification.reasons).toEqual([]);
    expect(verification.checks.filter((check) => check.name !== 'harness').every((check) => check.ok)).toBe(true);
    expect(verification.checks.map((check) => check.name)).toEqual(['signature', 'run', 'verdicts', 'harness']);
    expect(verification.status).toBe(harness.dirty ? 'other-harness' : 'verified');
  });

  test('a certificate edited by one byte fails on its signature, wherever the byte is', async () => {
    const [header, payload] = issued.jws.split('.');
    for (const index of [Math.floor(header!.length / 2), header!.length + 1 + Math.floor(payload!.length / 2), issued.jws.length - 10]) {
      const verification = await verifyCertificate(flip(issued.jws, index), { run: runDir, harness });
      expect(verification.status).toBe('invalid');
      expect(verification.reasons[0]).toMatch(/^signature: /);
    }
    const payloadEdit = await verifyCertificate(flip(issued.jws, header!.length + 1 + Math.floor(payload!.length / 2)), { run: runDir, harness });
    expect(payloadEdit.reasons[0]).toContain('the signature does not verify');
  });

  test('a run.jsonl edited by one byte fails on its digest, naming both', async () => {
    const dir = editedRun('edited', (text) => text.replace('"seed":7', '"seed":8'));
    const verification = await verifyCertificate(issued.jws, { run: dir, harness });
    expect(verification.status).toBe('invalid');
    expect(verification.reasons).toHaveLength(1);
    expect(verification.reasons[0]).toContain('does not match the certificate');
    expect(verification.reasons[0]).toContain(issued.document.digests.run);
    expect(verification.reasons[0]).toContain(sha256Hex(readFileSync(join(dir, 'run.jsonl'))));
  });

  test('without the run there is nothing to re-derive: invalid, saying so', async () => {
    const verification = await verifyCertificate(issued.jws, { run: join(work, 'nowhere'), harness });
    expect(verification.status).toBe('invalid');
    expect(verification.reasons[0]).toMatch(/^run: no run\.jsonl at /);
  });

  test('a signed statement the verdict rule does not give is caught profile by profile', async () => {
    const document: CertificateDocument = structuredClone(issued.document);
    document.profiles[0] = { ...document.profiles[0]!, verdict: 'pass' };
    delete document.profiles[0].incompleteBecause;
    const verification = await verifyCertificate(await signCertificate(document, key), { run: runDir, harness });
    expect(verification.status).toBe('invalid');
    expect(verification.reasons).toHaveLength(1);
    expect(verification.reasons[0]).toMatch(/^verdicts: profile v2\.0: the certificate says pass, .*; the current verdict rule gives incomplete \(only suites.*\(differs in incompleteBecause, verdict\)$/);
  });

  test('every field of a statement counts: one count, the requirements exercised, an accepted known issue', async () => {
    const edits: Array<[string, (statement: CertificateDocument['profiles'][number]) => void]> = [
      ['skipped', (statement) => { statement.skipped += 1; }],
      ['requirements', (statement) => { statement.requirements = { ...statement.requirements, exercised: statement.requirements.exercised + 1 }; }],
      ['knownIssuesAccepted', (statement) => { statement.knownIssuesAccepted = [{ key: 'X', reason: 'excused', cases: ['none'] }]; }],
    ];
    for (const [field, edit] of edits) {
      const document: CertificateDocument = structuredClone(issued.document);
      edit(document.profiles[1]!);
      const verification = await verifyCertificate(await signCertificate(document, key), { run: runDir, harness });
      expect(verification.status, field).toBe('invalid');
      expect(verification.reasons, field).toEqual([expect.stringMatching(new RegExp(`^verdicts: profile core: .*\\(differs in ${field}\\)$`))]);
    }
  });

  test('a signed claim the run header contradicts (another version) is caught', async () => {
    const document: CertificateDocument = structuredClone(issued.document);
    document.implementation.version = '9.9.9';
    const verification = await verifyCertificate(await signCertificate(document, key), { run: runDir, harness });
    expect(verification.status).toBe('invalid');
    expect(verification.reasons[0]).toContain('implementation version: certificate 9.9.9, run 0.1.0');
  });

  test('the issuer must be the signer; --issuer pins the signer', async () => {
    const other = loadSigningKey({ env: { DIDCOMM_CONFORMANCE_CONFIG: join(work, 'other-config') } });
    const forged = await signCertificate({ ...issued.document, issuer: other.did }, other);
    const header = Buffer.from(JSON.stringify({ alg: 'EdDSA', typ: 'didcomm-conformance-certificate+jws', kid: key.kid })).toString('base64url');
    const swapped = [header, ...forged.split('.').slice(1)].join('.');
    expect((await verifyCertificate(swapped, { run: runDir, harness })).reasons[0]).toContain('the signature does not verify');
    await expect(openCertificate(forged)).resolves.toMatchObject({ signer: other.did });
    const pinned = await verifyCertificate(forged, { run: runDir, harness, issuer: key.did });
    expect(pinned.status).toBe('invalid');
    expect(pinned.reasons[0]).toBe(`issuer: signed by ${other.did}, not by the required issuer ${key.did}`);
  });

  test('not a JWS at all: invalid with the reason', async () => {
    const verification = await verifyCertificate('{"type":"didcomm-conformance/certificate"}', { run: runDir, harness });
    expect(verification.reasons).toEqual(['signature: not a JWS in compact serialization (three base64url parts)']);
  });
});

describe('harness differences', () => {
  const same = { ...harness, dirty: false };
  const document = { harness: { name: same.name, version: same.version, commit: 'a'.repeat(40), dirty: false }, digests: { ...same.digests, run: 'f'.repeat(64) } };
  test('none for the same harness; each differing fact named', () => {
    expect(harnessDifferences(document, { ...same, commit: 'a'.repeat(40) })).toEqual([]);
    const differences = harnessDifferences({ ...document, harness: { ...document.harness, dirty: true } }, { ...same, commit: 'b'.repeat(40), version: '0.2.0', digests: { ...same.digests, suites: '0'.repeat(64) } });
    expect(differences).toEqual([
      `harness version: certificate ${same.name} ${same.version}, this harness ${same.name} 0.2.0`,
      'commit: certificate aaaaaaaaaaaa, this harness bbbbbbbbbbbb',
      'the certificate was issued from a harness tree with uncommitted changes',
      `suites digest: certificate ${same.digests.suites!.slice(0, 12)}, this harness 000000000000`,
    ]);
  });
});

describe('badges', () => {
  test('each names the certificate\'s digest in its link and metadata, with every string escaped', () => {
    const hostile = structuredClone(issued.document);
    hostile.implementation.name = '<script>alert(1)</script>"x';
    const svg = certificateBadge(hostile, hostile.profiles[0]!, issued.digest, 'https://example.org/results/');
    expect(svg).toContain(`<a href="https://example.org/results/certificates/${issued.digest}/index.html">`);
    expect(svg).toContain(`digest="sha256:${issued.digest}"`);
    expect(svg).toContain('implementation="&lt;script&gt;alert(1)&lt;/script&gt;&quot;x"');
    expect(svg).not.toContain('<script>');
    expect(certificateBadge(hostile, hostile.profiles[0]!, issued.digest)).toContain('<a href="index.html">');
    const [snippet] = badgeSnippets(issued.document, issued.digest, 'https://example.org/results');
    expect(snippet!.markdown).toBe(`[![didcomm-conformance reference 0.1.0 v2.0: incomplete 100% (certificate sha256:${issued.digest.slice(0, 12)})](https://example.org/results/certificates/${issued.digest}/v2.0.svg)](https://example.org/results/certificates/${issued.digest}/index.html)`);
    expect(snippet!.html).toContain(`<a href="https://example.org/results/certificates/${issued.digest}/index.html"><img src=`);
    expect(readFileSync(issued.badges[0]!, 'utf8')).toContain(`digest="sha256:${issued.digest}"`);
  });
});
