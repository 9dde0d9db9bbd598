/**
 * The style sheet and the one script of report.html, inlined (the file opens offline and loads nothing).
 * The script only shows and hides rows by their data attributes: it never builds markup from data, so no
 * adapter string can become code through it. Its SHA-256 goes into the page's Content-Security-Policy,
 * which forbids every other script (defence in depth behind the escaping).
 * @module
 */
import { createHash } from 'node:crypto';

export const REPORT_CSS = `
:root { --pass: #1a7f37; --fail: #cf222e; --warn: #9a6700; --skip: #6e7781; --err: #8250df; --line: #d0d7de; }
body { font: 14px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 1200px; padding: 1rem 1.5rem; color: #1f2328; }
h1 { font-size: 1.5rem; margin: 0 0 .5rem; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid var(--line); }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; } th, td { border: 1px solid var(--line); padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; } code, pre { font: 12px/1.4 ui-monospace, monospace; } pre { background: #f6f8fa; padding: .5rem; overflow-x: auto; white-space: pre-wrap; word-break: break-all; margin: .25rem 0; }
.o { font-weight: 600; white-space: nowrap; } .o-passed, .v-pass { color: var(--pass); } .o-failed, .v-fail { color: var(--fail); } .o-warning { color: var(--warn); }
.o-skipped, .o-untested, .v-not-run { color: var(--skip); } .o-errored, .v-incomplete { color: var(--err); }
.filters { position: sticky; top: 0; background: #fff; padding: .5rem 0; border-bottom: 1px solid var(--line); display: flex; gap: 1rem; flex-wrap: wrap; z-index: 1; }
details.case { border: 1px solid var(--line); border-radius: 6px; margin: .35rem 0; padding: .25rem .75rem; } details.case > summary { cursor: pointer; }
.call { border-left: 3px solid var(--line); padding-left: .75rem; margin: .5rem 0; } .layer { margin-left: 1rem; }
.muted { color: #656d76; } .known { background: #fff8c5; padding: 0 .25rem; } [hidden] { display: none !important; }
.fp td:first-child { width: 12rem; color: #656d76; }
`;

/** Shows the rows that match every filter; `data-profiles` holds space-separated profile names. */
export const REPORT_SCRIPT = `(() => {
  const selects = Array.from(document.querySelectorAll('select[data-filter]'));
  const untested = document.getElementById('show-untested');
  const apply = () => {
    const wanted = Object.fromEntries(selects.map((s) => [s.dataset.filter, s.value]));
    for (const row of document.querySelectorAll('[data-filterable]')) {
      let show = true;
      for (const [key, value] of Object.entries(wanted)) {
        if (value === '') continue;
        const have = (row.dataset[key] || '').split(' ');
        if (!have.includes(value)) { show = false; break; }
      }
      if (row.dataset.outcome === 'untested' && untested && !untested.checked) show = false;
      row.hidden = !show;
    }
    const shown = document.querySelectorAll('details.case:not([hidden])').length;
    const counter = document.getElementById('shown-count');
    if (counter) counter.textContent = String(shown);
  };
  for (const s of selects) s.addEventListener('change', apply);
  if (untested) untested.addEventListener('change', apply);
  apply();
})();`;

/** The CSP source for REPORT_SCRIPT. */
export function scriptHashSource(): string {
  return `'sha256-${createHash('sha256').update(REPORT_SCRIPT).digest('base64')}'`;
}
