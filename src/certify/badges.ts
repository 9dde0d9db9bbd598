/**
 * Badges bound to a certificate: one SVG per certified profile (src/report/badge.ts draws it) whose link
 * goes to the certificate's page on a results site (`certificates/<digest>/index.html`) and whose
 * `<metadata>` names the certificate's digest, issuer, implementation and verdict, so a badge copied
 * anywhere still says which signed certificate backs it; and the Markdown/HTML snippets to embed them.
 * @module
 */
import { badgeColour, badgeMessage, renderBadge } from '../report/badge.js';
import { escapeHtml } from '../report/html-escape.js';
import { safePathSegment } from '../report/safe-path.js';
import type { CertificateDocument, ProfileStatement } from './certificate.js';

/** The XML namespace of a certificate badge's metadata. */
export const BADGE_METADATA_NS = 'https://didcomm-conformance.dev/certify/v1/badge';

/** Where a certificate lives on a results site, relative to the site's root. */
export function certificatePagePath(digest: string): string {
  return `certificates/${digest}/index.html`;
}

/** The file name of a profile's badge beside the certificate page. */
export function badgeFileName(profile: string): string {
  return `${safePathSegment(profile)}.svg`;
}

/** `base` without trailing slashes, and a `/` to join with (empty for a relative site). */
function prefix(base: string | undefined): string {
  return base ? `${base.replace(/\/+$/, '')}/` : '';
}

/** The badge of one profile of a certificate; `base` is the results site's URL (default: relative links). */
export function certificateBadge(document: CertificateDocument, statement: ProfileStatement, digest: string, base?: string): string {
  const attributes = {
    digest: `sha256:${digest}`,
    profile: statement.profile,
    verdict: statement.verdict,
    implementation: document.implementation.name,
    version: document.implementation.version,
    issuer: document.issuer,
    issued: document.issuedAt,
  };
  const metadata = `<metadata><certificate xmlns="${BADGE_METADATA_NS}" ${Object.entries(attributes).map(([name, value]) => `${name}="${escapeHtml(value)}"`).join(' ')}/></metadata>`;
  // On the site the badge sits beside the certificate page; elsewhere it points at the site given.
  const link = base ? `${prefix(base)}${certificatePagePath(digest)}` : 'index.html';
  return renderBadge(statement.profile, badgeMessage(statement), badgeColour(statement), { link, metadata });
}

/** The snippets that embed one profile's badge, linked to the certificate's page. */
export interface BadgeSnippet {
  profile: string;
  markdown: string;
  html: string;
}

/** Markdown and HTML for every profile of a certificate published at `base` (default: relative to a site). */
export function badgeSnippets(document: CertificateDocument, digest: string, base?: string): BadgeSnippet[] {
  const root = prefix(base);
  const page = `${root}${certificatePagePath(digest)}`;
  return document.profiles.map((statement) => {
    const image = `${root}certificates/${digest}/${badgeFileName(statement.profile)}`;
    const alt = `${document.implementation.name} ${document.implementation.version} ${statement.profile}: ${badgeMessage(statement)} (certificate sha256:${digest.slice(0, 12)})`;
    const markdownAlt = alt.replace(/[[\]\\]/g, (char) => `\\${char}`);
    return {
      profile: statement.profile,
      markdown: `[![${markdownAlt}](${encodeURI(image)})](${encodeURI(page)})`,
      html: `<a href="${escapeHtml(encodeURI(page))}"><img src="${escapeHtml(encodeURI(image))}" alt="${escapeHtml(alt)}"></a>`,
    };
  });
}
