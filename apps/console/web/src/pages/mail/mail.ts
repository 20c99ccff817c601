import type { MailMessage } from '../../api/types';

/** A message's delivery state: queued, sent, retrying or failed. */
export type MailStatus = MailMessage['status'];

/** Each delivery state in words, with a colour that only helps. */
export const MAIL_STATUS: Record<MailStatus, { label: string; color: string; help: string }> = {
  queued: { label: 'Queued', color: 'blue', help: 'Waiting to be sent.' },
  sent: { label: 'Sent', color: 'teal', help: 'Handed to the mail server.' },
  retrying: { label: 'Retrying', color: 'orange', help: 'The last attempt failed; Roster will try again.' },
  failed: { label: 'Failed', color: 'red', help: 'Roster gave up after several attempts.' },
};

/** True when the message was kept in the development mailbox instead of being sent. */
export function isDevMailbox(message: MailMessage): boolean {
  return message.transport === 'dev_mailbox' || message.text !== null || message.html !== null;
}

/**
 * The console path of the first invitation or invite link in a message ("/invitations/…" or
 * "/join/…"), so a person trying Roster without a mail server can follow it. Only the path is
 * kept: the console that shows it is the one that serves the link.
 */
export function invitationPath(message: MailMessage): string | null {
  const sources = [message.text, message.html].filter((source): source is string => source !== null);
  for (const source of sources) {
    const match = /\/(invitations|join)\/([A-Za-z0-9_-]{8,200})/.exec(source);
    if (match !== null) return `/${match[1]}/${match[2]}`;
  }
  return null;
}
