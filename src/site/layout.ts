/**
 * The frame of every page of a results site: one HTML file with its style inline, no script at all (the CSP
 * forbids any), no external asset, links relative to the page's depth so the site opens from the file
 * system and from any static host; and the small pieces every page shares (verdict chips, status labels).
 * Every untrusted string goes through `e` (escapeHtml).
 * @module
 */
import { escapeHtml as e } from '../report/html-escape.js';
import type { SiteEntry } from './inputs.js';
import type { ProfileCell } from './model.js';

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'";

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1f2328;background:#fff}
header{background:#24292f;color:#fff;padding:.6rem 1.2rem;display:flex;gap:1.2rem;align-items:baseline;flex-wrap:wrap}
header a{color:#fff;text-decoration:none}header a:hover{text-decoration:underline}header .site{font-weight:600}
main{padding:1rem 1.2rem}
h1{font-size:1.5rem;margin:.2rem 0 1rem}h2{font-size:1.15rem;margin:1.6rem 0 .6rem}
table{border-collapse:collapse;margin:.4rem 0 1rem;display:block;max-width:100%;overflow-x:auto}th,td{border:1px solid #d0d7de;padding:.3rem .55rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}td.num{text-align:right;font-variant-numeric:tabular-nums}
.chip{display:inline-block;padding:0 .45rem;border-radius:.7rem;font-size:.85em;white-space:nowrap;color:#fff}
.v-pass{background:#1a7f37}.v-fail{background:#cf222e}.v-incomplete{background:#8250df}.v-not-run{background:#8c959f}
.s-verified{background:#1a7f37}.s-other-harness{background:#9a6700}.s-unsigned{background:#57606a}.s-invalid{background:#cf222e}
.o-passed{color:#1a7f37}.o-failed{color:#cf222e}.o-warning{color:#9a6700}.o-skipped,.o-untested{color:#57606a}.o-errored{color:#8250df}
.claims{opacity:.55}.muted{color:#57606a}.reason{color:#cf222e}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.9em}pre{background:#f6f8fa;padding:.6rem;overflow:auto;white-space:pre-wrap;word-break:break-all}
.trend rect{fill:#2da44e}.trend text{font-size:11px;fill:#1f2328}
`;

/** One page: `depth` is how many folders below the site's root it lives (for relative links). */
export function page(options: { title: string; depth: number; body: string }): string {
  const up = '../'.repeat(options.depth);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${e(CSP)}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(options.title)} · DIDComm conformance results</title>
<style>${CSS}</style></head>
<body><header><a class="site" href="${up}index.html">DIDComm conformance results</a>
<nav><a href="${up}index.html">implementations</a> · <a href="${up}matrix.html">interop matrix</a> · <a href="${up}throughput.html">throughput</a> · <a href="${up}requirements/index.html">requirements</a> · <a href="${up}api/index.json">JSON API</a></nav></header>
<main>
${options.body}
</main></body></html>
`;
}

/** A profile's verdict as a coloured chip: `pass 100%`, struck through as claims when untrusted. */
export function verdictChip(cell: ProfileCell | undefined, trusted = true): string {
  if (!cell) return '<span class="muted">—</span>';
  const text = cell.verdict === 'not-run' ? 'not run' : `${cell.verdict} ${cell.percent}%`;
  const title = [cell.incompleteBecause, cell.requirements ? `requirements exercised ${cell.requirements.exercised}/${cell.requirements.total}` : undefined, trusted ? undefined : 'claimed by a certificate that does not verify']
    .filter(Boolean).join('; ');
  return `<span class="chip v-${e(cell.verdict)}${trusted ? '' : ' claims'}"${title ? ` title="${e(title)}"` : ''}>${e(text)}</span>`;
}

const STATUS_TEXT: Record<SiteEntry['status'], string> = {
  verified: 'verified',
  'other-harness': 'verified, other harness',
  unsigned: 'unsigned run',
  invalid: 'unverified',
};

const STATUS_TITLE: Record<SiteEntry['status'], string> = {
  verified: 'signature, run and verdicts hold on the harness that built this site',
  'other-harness': 'signature, run and verdicts hold; the certificate names another harness version, commit or tree',
  unsigned: 'a run without a certificate: nobody vouches for it',
  invalid: 'the certificate does not verify: what it claims is shown greyed out',
};

/** The verification status of an entry as a chip. */
export function statusChip(status: SiteEntry['status']): string {
  return `<span class="chip s-${e(status)}" title="${e(STATUS_TITLE[status])}">${e(STATUS_TEXT[status])}</span>`;
}

/** An HTML table from a header row (none when every heading is empty) and escaped-already cells. */
export function table(head: readonly string[], rows: readonly string[][]): string {
  const thead = head.some((cell) => cell !== '') ? `<thead><tr>${head.map((cell) => `<th>${e(cell)}</th>`).join('')}</tr></thead>` : '';
  return `<table>${thead}<tbody>\n${rows.map((row) => `<tr>${row.map((cell) => (cell.startsWith('<td') ? cell : `<td>${cell}</td>`)).join('')}</tr>`).join('\n')}\n</tbody></table>`;
}
