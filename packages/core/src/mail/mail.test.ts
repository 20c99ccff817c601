import { describe, expect, it } from 'vitest';
import { isTransientMailError, mailRetryDelayMs, MAX_MAIL_ATTEMPTS } from './delivery';
import { renderInvitationMail } from './invitation-mail';

describe('invitation mail', () => {
  const mail = renderInvitationMail({
    to: 'bob@example.com', inviteeFirstName: 'Bob', inviterName: 'Ada <script>', organizationName: 'Acme & Co',
    roleName: 'Annotator', link: 'http://localhost:8080/invitations/abc', expiresAt: new Date('2026-12-01T12:00:00Z'), orgId: 'org_1',
    senderMemberId: 'mem_1',
  });

  it('says who invited, to which organization, with which role, the link and the expiry, in text and HTML', () => {
    for (const body of [mail.text, mail.html]) {
      expect(body).toContain('Bob');
      expect(body).toContain('Annotator');
      expect(body).toContain('http://localhost:8080/invitations/abc');
      expect(body).toContain('1 December 2026');
    }
    expect(mail.text).toContain('Ada <script> invited you to join Acme & Co as Annotator.');
    expect(mail.subject).toBe('Ada <script> invited you to Acme & Co on Roster');
  });

  it('escapes names in the HTML part', () => {
    expect(mail.html).toContain('Ada &lt;script&gt;');
    expect(mail.html).toContain('Acme &amp; Co');
    expect(mail.html).not.toContain('<script>');
  });
});

describe('mail retries', () => {
  it('backs off exponentially from one second and caps at thirty minutes', () => {
    expect(mailRetryDelayMs(1)).toBe(1000);
    expect(mailRetryDelayMs(2)).toBe(2000);
    expect(mailRetryDelayMs(5)).toBe(16_000);
    expect(mailRetryDelayMs(40)).toBe(30 * 60 * 1000);
    expect(MAX_MAIL_ATTEMPTS).toBeGreaterThan(5);
  });

  it('retries connection trouble and 4xx replies, not 5xx rejections', () => {
    expect(isTransientMailError({ code: 'ECONNREFUSED' })).toBe(true);
    expect(isTransientMailError({ responseCode: 421 })).toBe(true);
    expect(isTransientMailError({ responseCode: 550 })).toBe(false);
  });
});
