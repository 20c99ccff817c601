import type { NewOutboxMail } from '../store';

/** What the invitation email says. */
export interface InvitationMailInput {
  to: string;
  inviteeFirstName: string;
  inviterName: string;
  organizationName: string;
  roleName: string;
  link: string;
  expiresAt: Date;
  orgId: string;
  /** The inviting member, whose name the message carries. */
  senderMemberId: string | null;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for an HTML body. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

// Building an Intl formatter is costly; one serves every message.
const DATE_FORMAT = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' });

function formatDate(date: Date): string {
  return `${DATE_FORMAT.format(date)} UTC`;
}

/** How a message names the member it speaks for; erasure looks for exactly this text. */
export function senderName(member: { firstName: string | null; lastName: string | null }): string {
  return `${member.firstName ?? ''} ${member.lastName ?? ''}`.trim() || 'Someone';
}

/** Renders the invitation email, plain text and HTML. */
export function renderInvitationMail(input: InvitationMailInput): NewOutboxMail {
  const expires = formatDate(input.expiresAt);
  const subject = `${input.inviterName} invited you to ${input.organizationName} on Roster`;
  const text = [
    `Hello ${input.inviteeFirstName},`,
    '',
    `${input.inviterName} invited you to join ${input.organizationName} as ${input.roleName}.`,
    '',
    'Accept the invitation:',
    input.link,
    '',
    `The link works once and expires on ${expires}.`,
    'If you did not expect this invitation, you can ignore this email.',
  ].join('\n');
  const e = escapeHtml;
  const html = `<!doctype html>
<html lang="en"><body style="font-family:system-ui,-apple-system,Segoe UI,sans-serif;color:#1f2937;max-width:560px;margin:0 auto;padding:24px">
<p>Hello ${e(input.inviteeFirstName)},</p>
<p><strong>${e(input.inviterName)}</strong> invited you to join <strong>${e(input.organizationName)}</strong> as <strong>${e(input.roleName)}</strong>.</p>
<p><a href="${e(input.link)}" style="display:inline-block;background:#2563eb;color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none">Accept the invitation</a></p>
<p style="font-size:13px;color:#4b5563">Or paste this link into your browser: ${e(input.link)}</p>
<p style="font-size:13px;color:#4b5563">The link works once and expires on ${e(expires)}. If you did not expect this invitation, you can ignore this email.</p>
</body></html>`;
  return { orgId: input.orgId, senderMemberId: input.senderMemberId, to: input.to, subject, text, html, devLink: input.link };
}
