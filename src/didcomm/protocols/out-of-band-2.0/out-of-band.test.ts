import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, test } from 'vitest';
import { attachedMessages, buildInvitation, fetchShortInvitation, invitationUrl, parseInvitationUrl, requestAttachment } from './out-of-band.js';
import { buildPing } from '../trust-ping-2.0/trust-ping.js';

describe('out-of-band 2.0', () => {
  test('PROTO-OOB-003: _oob padded or not, among other parameters', () => {
    const invitation = buildInvitation('did:example:alice', { goal_code: 'x' });
    const url = invitationUrl(invitation);
    const oob = new URL(url).searchParams.get('_oob')!;
    expect(oob).not.toContain('=');
    const padded = oob + '='.repeat((4 - (oob.length % 4)) % 4);
    expect(parseInvitationUrl(`https://example.org/p?a=1&_oob=${padded}&b=2`)).toEqual(invitation);
  });

  test('PROTO-OOB-001: attached requests in order, JSON or base64; non-messages skipped', () => {
    const first = buildPing({ from: 'did:example:alice' });
    const second = buildPing({ from: 'did:example:alice' });
    const invitation = buildInvitation('did:example:alice', {}, [
      requestAttachment('a', first),
      { id: 'junk', data: { json: 'not a message' } },
      { id: 'b', media_type: 'application/json', data: { base64: Buffer.from(JSON.stringify(second)).toString('base64url') } },
    ]);
    expect(attachedMessages(invitation).map((m) => m.id)).toEqual([first.id, second.id]);
  });

  test('PROTO-OOB-005: a short URL is one GET; a redirect to the _oob URL is read without following it', async () => {
    const invitation = buildInvitation('did:example:alice');
    const seen: string[] = [];
    const server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      res.writeHead(302, { location: invitationUrl(invitation, 'https://example.org/invite') }).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const got = await fetchShortInvitation(`http://127.0.0.1:${(server.address() as AddressInfo).port}/s?_oobid=abc`);
      expect(got).toEqual(invitation);
      expect(seen).toEqual(['GET /s?_oobid=abc']);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
