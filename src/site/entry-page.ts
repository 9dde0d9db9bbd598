/**
 * The page of one certificate (`certificates/<digest>/index.html`) or unsigned run (`runs/<digest>/`):
 * what was verified and how, what the certificate states (implementation, harness, digests, seed, clock,
 * per-profile statements, known issues accepted), the cases that failed, its badges with the snippet to
 * embed them, and the files to verify it again (certificate.jws, run.jsonl beside the page).
 * @module
 */
import { badgeFileName, badgeSnippets, certificateBadge } from '../certify/badges.js';
import { escapeHtml as e, jsonBlock } from '../report/html-escape.js';
import { page, statusChip, table, verdictChip } from './layout.js';
import type { EntryView, ImplementationView } from './model.js';
import { implementationHref } from './implementation-pages.js';

/** The badges of a certificate entry, by file name (written beside its page). */
export function entryBadges(view: EntryView): Map<string, string> {
  const badges = new Map<string, string>();
  const document = view.document;
  if (!document || !view.trusted || view.entry.kind !== 'certificate') return badges;
  const digest = view.entry.id.slice('certificates/'.length);
  for (const statement of document.profiles) badges.set(badgeFileName(statement.profile), certificateBadge(document, statement, digest));
  return badges;
}

function certificateFacts(view: EntryView): string {
  const document = view.document;
  if (!document) return '';
  const digests = Object.entries(document.digests).map(([name, value]) => [e(name), `<code>${e(value ?? 'none')}</code>`]);
  return `<h2>What the certificate states</h2>
${table(['', ''], [
    ['issuer', `<code>${e(document.issuer)}</code>`],
    ['issued', e(document.issuedAt)],
    ['implementation', `${e(document.implementation.name)} ${e(document.implementation.version)}`],
    ['adapter', `${e(document.adapter.name)} (${e(document.adapter.transport)}${document.adapter.protocolVersion !== undefined ? `, protocol v${e(document.adapter.protocolVersion)}` : ''})`],
    ['harness', `${e(document.harness.name)} ${e(document.harness.version)}${document.harness.commit ? `, commit <code>${e(document.harness.commit)}</code>` : ''}${document.harness.dirty ? ' <span class="reason">with uncommitted changes</span>' : ''}`],
    ['requirement registry', `${e(document.registry.requirements)} requirements`],
    ['run', `${e(document.run.id)}: ${e(document.run.startedAt)} to ${e(document.run.finishedAt)}, Node ${e(document.run.node)}`],
    ['seed, clock', `${e(document.run.seed)}, ${e(document.run.clock ?? 'not recorded')}`],
    ['selection', `suites ${e(document.run.selection.suites)}${document.run.selection.profile ? `, profile ${e(document.run.selection.profile)}` : ''}${document.run.selection.shard ? `, shard ${e(document.run.selection.shard)}` : ''}`],
  ])}
<h3>Digests (SHA-256)</h3>
${table(['of', 'digest'], digests)}`;
}

function statements(view: EntryView): string {
  const rows = view.profiles.map((cell) => [
    e(cell.profile), verdictChip(cell, view.trusted),
    ...[cell.passed, cell.failed, cell.blocked, cell.skipped, cell.ran].map((n) => `<td class="num">${n === undefined ? '' : e(n)}</td>`),
    cell.requirements ? `<td class="num">${e(cell.requirements.exercised)}/${e(cell.requirements.total)}</td>` : '<td></td>',
    e(cell.incompleteBecause ?? ''),
  ]);
  const accepted = (view.trusted ? view.document?.profiles ?? [] : []).flatMap((statement) => statement.knownIssuesAccepted.map((issue) => [
    e(statement.profile), `<code>${e(issue.key)}</code>`, e(issue.reason), e(issue.issue ?? ''), e(issue.cases.join(', ')),
  ]));
  return `<h2>Verdicts</h2>
${table(['profile', 'verdict', 'passed', 'failed', 'blocked', 'skipped', 'ran', 'requirements exercised', 'why incomplete'], rows)}
${accepted.length > 0 ? `<h3>Known issues accepted</h3>${table(['profile', 'key', 'reason', 'issue', 'cases'], accepted)}` : ''}`;
}

function verification(view: EntryView): string {
  const entry = view.entry;
  if (entry.kind === 'run') return '<p>A run without a certificate: its verdicts are computed from its records, but nobody signed them.</p>';
  const checks = (entry.verification?.checks ?? []).map((check) => [
    e(check.name), check.ok ? '<span class="o-passed">holds</span>' : check.name === 'harness' ? '<span class="o-warning">differs</span>' : '<span class="o-failed">fails</span>', e(check.detail),
  ]);
  const claims = entry.claims ? `<h2>What it claims (unverified)</h2>${jsonBlock(entry.claims)}` : '';
  return `<h2>Verification</h2>
${entry.reasons.length > 0 ? `<p class="reason">${e(entry.reasons.join('; '))}</p>` : ''}
${table(['check', 'result', 'detail'], checks)}
${claims}`;
}

function failures(view: EntryView): string {
  const run = view.entry.run;
  if (!run || !view.trusted) return '';
  const failing = run.cases.filter((record) => record.outcome === 'failed' || record.outcome === 'errored');
  if (failing.length === 0) return '';
  const rows = failing.map((record) => [
    `<code>${e(record.id)}</code>`, `<span class="o-${e(record.outcome)}">${e(record.outcome)}</span>`,
    e(record.rootCause?.requirement ?? record.error?.requirement ?? ''), e((record.reason ?? record.error?.message ?? '').split('\n')[0]!.slice(0, 300)),
    e(record.knownIssue ? record.knownIssue.key : ''),
  ]);
  return `<h2>Failed and errored cases</h2>${table(['case', 'outcome', 'requirement', 'reason', 'known issue'], rows)}`;
}

function badgesSection(view: EntryView, badges: Map<string, string>): string {
  if (badges.size === 0 || !view.document) return '';
  const digest = view.entry.id.slice('certificates/'.length);
  const snippets = badgeSnippets(view.document, digest);
  const rows = [...badges].map(([file, svg], index) => [
    `<a href="${e(file)}"><img alt="${e(file)}" src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}"></a>`,
    `<code>${e(snippets[index]?.markdown ?? '')}</code>`,
  ]);
  return `<h2>Badges</h2>
<p>Each badge links here and names this certificate's digest in its metadata. The snippets are relative to the site's root;
<code>didcomm-conformance badge certificate.jws --site-url URL</code> prints them for the address the site is published at.</p>
${table(['badge', 'Markdown'], rows)}`;
}

/** The page of one entry (at depth 2). */
export function entryPage(view: EntryView, implementation: ImplementationView, badges: Map<string, string>): string {
  const files = [
    ...(view.entry.jws ? ['<a href="certificate.jws">certificate.jws</a>'] : []),
    ...(view.entry.runBytes ? ['<a href="run.jsonl">run.jsonl</a>'] : []),
  ];
  const check = view.entry.kind === 'certificate'
    ? `<p>Check it yourself, on a checkout of the harness at the commit it names: <code>npx didcomm-conformance verify certificate.jws --run run.jsonl</code></p>`
    : '';
  return page({
    title: `${view.implementation} ${view.version}`, depth: 2, body: `<h1>${e(view.implementation)} ${e(view.version)} ${statusChip(view.entry.status)}</h1>
<p>Implementation: <a href="${implementationHref(implementation, 2)}">${e(implementation.name)}</a> · adapter ${e(view.adapter)}${files.length ? ` · files: ${files.join(', ')}` : ''}</p>
${check}
${verification(view)}
${statements(view)}
${certificateFacts(view)}
${badgesSection(view, badges)}
${failures(view)}`,
  });
}
