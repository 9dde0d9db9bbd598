/**
 * The style sheet and the one script of report.html, inlined (the file opens offline and loads nothing).
 * Colours are the Okabe-Ito palette (told apart with every common colour-vision deficiency), and every outcome
 * also carries a mark (✔ ✘ ! E –), so nothing is said by colour alone. matrix.html shares the sheet.
 * The script only shows and hides case rows by their data attributes: it never builds markup from data, so
 * no adapter string can become code through it. Its SHA-256 goes into the page's Content-Security-Policy,
 * which forbids every other script (defence in depth behind the escaping).
 * @module
 */
import { createHash } from 'node:crypto';

export const REPORT_CSS = `
:root { --pass: #0072b2; --fail: #d55e00; --warn: #8a6100; --skip: #6e7781; --err: #a8327d; --line: #d0d7de;
  --pass-bg: #d7eaf6; --fail-bg: #fbe0cf; --warn-bg: #fcefc7; --skip-bg: #eeeff1; --err-bg: #f3dcea; }
body { font: 14px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 1200px; padding: 1rem 1.5rem; color: #1f2328; }
h1 { font-size: 1.5rem; margin: 0 0 .5rem; } h2 { font-size: 1.2rem; margin-top: 1.5rem; border-bottom: 1px solid var(--line); } h3 { font-size: 1rem; margin: 1rem 0 .25rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; } th, td { border: 1px solid var(--line); padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; } code, pre { font: 12px/1.4 ui-monospace, monospace; } pre { background: #f6f8fa; padding: .5rem; overflow-x: auto; white-space: pre-wrap; word-break: break-all; margin: .25rem 0; }
.o, .v { font-weight: 600; white-space: nowrap; } .o-passed, .v-pass { color: var(--pass); } .o-failed, .v-fail { color: var(--fail); } .o-warning { color: var(--warn); }
.o-skipped, .o-untested, .v-not-run { color: var(--skip); } .o-errored, .v-incomplete { color: var(--err); }
td.v-pass { background: var(--pass-bg); } td.v-fail { background: var(--fail-bg); } td.v-incomplete { background: var(--err-bg); } td.v-not-run { background: var(--skip-bg); }
.filters { position: sticky; top: 0; background: #fff; padding: .5rem 0; border-bottom: 1px solid var(--line); display: flex; gap: 1rem; flex-wrap: wrap; z-index: 1; }
details.case { border: 1px solid var(--line); border-radius: 6px; margin: .35rem 0; padding: .25rem .75rem; } details.case > summary { cursor: pointer; }
.call { border-left: 3px solid var(--line); padding-left: .75rem; margin: .5rem 0; } .layer { margin-left: 1rem; }
.muted { color: #656d76; } .known { background: #fff8c5; padding: 0 .25rem; } [hidden] { display: none !important; }
.fp td:first-child { width: 12rem; color: #656d76; } .run-line { margin: .25rem 0; } .legend { font-size: 12px; }
.banner { background: var(--warn-bg); border-left: 4px solid var(--warn); padding: .4rem .75rem; margin: .4rem 0; }
.nothing { background: var(--pass-bg); border-left: 4px solid var(--pass); padding: .4rem .75rem; }
ol.fix-list { padding-left: 1.75rem; } ol.fix-list > li { margin: .3rem 0; } ol.fix-list summary, .warning-list summary { cursor: pointer; }
.cause { border-left: 4px solid var(--fail); padding-left: .5rem; } .cause.k-adapter { border-color: var(--err); } .cause.k-missing-feature { border-color: var(--warn); }
.kind { font-size: 11px; text-transform: uppercase; letter-spacing: .03em; color: #656d76; border: 1px solid var(--line); border-radius: 3px; padding: 0 .3rem; }
.lvl { font-size: 11px; font-weight: 600; color: #656d76; }
table.profiles th:first-child { width: 8rem; }
table.grid td { text-align: center; } table.grid td a { text-decoration: none; color: inherit; display: block; }
td.c-pass { background: var(--pass-bg); color: var(--pass); } td.c-fail { background: var(--fail-bg); color: var(--fail); } td.c-partial { background: var(--warn-bg); color: var(--warn); }
td.c-error { background: var(--err-bg); color: var(--err); } td.c-na { background: var(--skip-bg); color: var(--skip); font-weight: 400; }
`;

/** Shows the case rows that match every filter; `data-profiles` holds space-separated profile names. */
export const REPORT_SCRIPT = `(() => {
  const selects = Array.from(document.querySelectorAll('select[data-filter]'));
  const apply = () => {
    const wanted = Object.fromEntries(selects.map((s) => [s.dataset.filter, s.value]));
    for (const row of document.querySelectorAll('[data-filterable]')) {
      let show = true;
      for (const [key, value] of Object.entries(wanted)) {
        if (value === '') continue;
        const have = (row.dataset[key] || '').split(' ');
        if (!have.includes(value)) { show = false; break; }
      }
      row.hidden = !show;
    }
    const shown = document.querySelectorAll('details.case:not([hidden])').length;
    const counter = document.getElementById('shown-count');
    if (counter) counter.textContent = String(shown);
  };
  for (const s of selects) s.addEventListener('change', apply);
  // A link to a folded case opens it.
  const open = () => {
    const target = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    if (target && target.tagName === 'DETAILS') { target.hidden = false; target.open = true; }
  };
  window.addEventListener('hashchange', open);
  apply();
  open();
})();`;

/** The CSP source for REPORT_SCRIPT. */
export function scriptHashSource(): string {
  return `'sha256-${createHash('sha256').update(REPORT_SCRIPT).digest('base64')}'`;
}
