/**
 * SVG badges per adapter and profile ("core: pass 97%"), shields.io flat style, text escaped, width from
 * a per-character estimate (no font metrics offline). Colour from the verdict and percentage.
 * @module
 */
import { escapeHtml, safeHref } from './html-escape.js';
import type { ProfileVerdict } from './verdicts.js';

/** The colour of a verdict's badge. */
export function badgeColour(verdict: Pick<ProfileVerdict, 'verdict' | 'percent'>): string {
  if (verdict.verdict === 'not-run') return '#9f9f9f';
  if (verdict.verdict === 'incomplete') return '#8250df';
  if (verdict.verdict === 'pass') return '#44cc11';
  return verdict.percent >= 90 ? '#dfb317' : verdict.percent >= 50 ? '#fe7d37' : '#e05d44';
}

function width(text: string): number {
  return Math.round(text.length * 6.5 + 10);
}

/** The message of a badge: `pass 97%`, `fail 80%`, `not-run`. */
export function badgeMessage(verdict: Pick<ProfileVerdict, 'verdict' | 'percent'>): string {
  return verdict.verdict === 'not-run' ? 'not run' : `${verdict.verdict} ${verdict.percent}%`;
}

/** What a badge can carry besides its text: a link around it and a `<metadata>` element (already markup). */
export interface BadgeExtras {
  link?: string;
  metadata?: string;
}

/** One badge. */
export function renderBadge(label: string, message: string, color: string, extras: BadgeExtras = {}): string {
  const left = width(label);
  const right = width(message);
  const total = left + right;
  const l = escapeHtml(label);
  const m = escapeHtml(message);
  const open = extras.link ? `<a href="${safeHref(extras.link)}">` : '';
  const close = extras.link ? '</a>' : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${total}" height="20" role="img" aria-label="${l}: ${m}"><title>${l}: ${m}</title>${extras.metadata ?? ''}${open}
<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>
<clipPath id="r"><rect width="${total}" height="20" rx="3" fill="#fff"/></clipPath>
<g clip-path="url(#r)"><rect width="${left}" height="20" fill="#555"/><rect x="${left}" width="${right}" height="20" fill="${escapeHtml(color)}"/><rect width="${total}" height="20" fill="url(#s)"/></g>
<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">
<text x="${left / 2}" y="14">${l}</text><text x="${left + right / 2}" y="14">${m}</text></g>${close}</svg>
`;
}

/** The badge of one profile verdict. */
export function profileBadge(verdict: ProfileVerdict): string {
  return renderBadge(verdict.profile, badgeMessage(verdict), badgeColour(verdict));
}
