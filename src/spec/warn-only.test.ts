/**
 * Every `should` a suite makes on an entry whose strongest level is MUST must be justified in
 * docs/verdict-rule.md ("Checks that can only warn on a MUST-level entry"): no MUST violation may quietly end as
 * a warning (issue 14 item 5). A new one fails here until the table says why it is not a MUST.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, test } from 'vitest';
import { packageRoot } from '../adapter/manifest.js';
import { levelsByParty } from './verdict-rule.js';
import { REQUIREMENTS } from './requirements.js';

const root = packageRoot();

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function isMustLevel(id: string): boolean {
  const text = (REQUIREMENTS as Record<string, { levelText: string } | undefined>)[id]?.levelText;
  return text !== undefined && Object.values(levelsByParty(text)).includes('MUST');
}

test('every should() on a MUST-level entry is listed, with its reason, in docs/verdict-rule.md', () => {
  const found = new Set<string>();
  for (const file of files(join(root, 'suites'))) {
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/\.should\(([^;]*?), '([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*-\d{2,3})'/gs)) {
      if (isMustLevel(match[2]!)) found.add(`${relative(root, file)} ${match[2]}`);
    }
  }
  const doc = readFileSync(join(root, 'docs/verdict-rule.md'), 'utf8');
  const section = doc.slice(doc.indexOf('## Checks that can only warn on a MUST-level entry'));
  const listed = new Set([...section.matchAll(/^\| (suites\/\S+) \| ([A-Z][A-Z0-9-]+-\d{2,3}) \| (.+) \|$/gm)].map((m) => `${m[1]} ${m[2]}`));
  expect([...found].sort()).toEqual([...listed].sort());
});
