import { Button, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconLinkOff } from '@tabler/icons-react';
import { Link } from 'react-router';
import { ApiError } from '../../api/client';
import { errorMessage } from '../../api/messages';
import { AuthCard } from '../../layout/AuthCard';

const TITLES: Record<string, [string, string]> = {
  'invitation.expired': ['This invitation has expired', 'Invitations are valid for a limited time. Ask the person who invited you to send a new one.'],
  'invitation.revoked': ['This invitation was withdrawn', 'An admin revoked it. If you still need access, ask them for a new invitation.'],
  'invitation.used': ['This invitation was already accepted', 'Sign in with the email address it was sent to.'],
  'invitation.replaced': ['A newer invitation replaced this one', 'Open the most recent invitation email you received: only its link works.'],
  'invitation.not_found': ['This invitation link is not valid', 'Check that you opened the whole link from the email, or ask for a new invitation.'],
  'invite_link.invalid': ['This invite link no longer works', 'The organization turned it off or made a new one. Ask an admin for the current link.'],
};

/** A clear page for a link that does not work (any more), with what to do next. */
export function LinkProblem({ error }: { error: unknown }) {
  const code = error instanceof ApiError ? error.code : '';
  const [title, advice] = TITLES[code] ?? ['This link cannot be used', errorMessage(error)];
  return (
    <AuthCard title={title}>
      <Stack gap="md" align="flex-start">
        <ThemeIcon size={44} radius="xl" variant="light" color="orange" aria-hidden><IconLinkOff size={24} /></ThemeIcon>
        <Text c="dimmed" data-code={code}>{advice}</Text>
        <Button component={Link} to={code === 'invitation.used' ? '/sign-in' : '/'} variant="light">
          {code === 'invitation.used' ? 'Sign in' : 'Go to Roster'}
        </Button>
      </Stack>
    </AuthCard>
  );
}
