import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { parseDigest, renderRequirementsModule } from './digest-parser.js';
import { isRequirementId, REQUIREMENTS, requirement } from './requirements.js';

const digestPath = fileURLToPath(new URL('../../../shared/didcomm-spec/DIGEST.md', import.meta.url));
const josePath = fileURLToPath(new URL('./jose-digest.md', import.meta.url));

describe('requirement registry', () => {
  test('is exactly what DIGEST.md defines (regenerate with npm run requirements:generate)', () => {
    const committed = readFileSync(new URL('./requirements.generated.ts', import.meta.url), 'utf8');
    expect(committed).toBe(renderRequirementsModule(readFileSync(digestPath, 'utf8'), readFileSync(josePath, 'utf8')));
  });

  test('holds every ID once, with level, actors and section', () => {
    const records = parseDigest(`${readFileSync(digestPath, 'utf8')}\n${readFileSync(josePath, 'utf8')}`);
    expect(records.length).toBe(Object.keys(REQUIREMENTS).length);
    expect(records.length).toBeGreaterThanOrEqual(240);
    expect(requirement('ENC-AUTH-004')).toMatchObject({ level: 'MUST', actors: ['sender'], section: expect.stringContaining('Authcrypt') });
    expect(requirement('ENV-PLAIN-010')).toMatchObject({ level: 'MUST', levelText: 'SHOULD R / MUST NOT R', actors: ['receiver'] });
    expect(requirement('ENC-JWE-010').level).toBe('STRICT');
    expect(requirement('AMB-02').level).toBe('INFO');
    expect(requirement('JOSE-001')).toMatchObject({ level: 'MUST', actors: ['receiver'], section: expect.stringContaining('JOSE') });
  });

  test('unknown IDs are refused', () => {
    expect(isRequirementId('ENC-AUTH-004')).toBe(true);
    expect(isRequirementId('ENC-AUTH-999')).toBe(false);
    expect(() => parseDigest('- **ENV-MT-001** MUST A — x\n- **ENV-MT-001** MUST A — y\n')).toThrow(/twice/);
  });
});
