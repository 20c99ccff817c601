import { Alert, Anchor, Button, Group, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../api/client';
import { errorMessage, fieldErrors } from '../../api/messages';
import { keys, useMe } from '../../api/queries';
import type { AcceptInvitationResponse, InvitationPreview, Me } from '../../api/types';
import { FormError } from '../../components/FormError';
import { LoadingState } from '../../components/States';
import { formatDate } from '../../format';
import { AuthCard } from '../../layout/AuthCard';
import { password, personName } from '../../validation';
import { LinkProblem } from './LinkProblem';

/** The page an invitation email links to: create an account, or sign in, and join. */
export function InvitationPage() {
  const { token = '' } = useParams();
  const me = useMe();
  const preview = useQuery({
    queryKey: ['invitation', token],
    queryFn: () => api.get<InvitationPreview>(`/invitations/${encodeURIComponent(token)}`),
    retry: false,
  });
  if (preview.isPending || me.isPending) return <AuthCard title="Opening your invitation…"><LoadingState /></AuthCard>;
  if (preview.isError) return <LinkProblem error={preview.error} />;
  const invitation = preview.data;
  const inviter = invitation.invitedBy?.name;
  return (
    <AuthCard
      title={`Join ${invitation.organization.name}`}
      subtitle={<>{inviter === undefined ? 'You are invited' : `${inviter} invited you`} to join <b>{invitation.organization.name}</b> on Roster as <b>{invitation.role.name}</b>.</>}
    >
      {invitation.role.description !== '' && <Text size="sm" c="dimmed" mt={-8}>{invitation.role.name}: {invitation.role.description}</Text>}
      <AcceptPanel token={token} invitation={invitation} me={me.data ?? null} />
      <Text size="xs" c="dimmed">This invitation is for {invitation.email} and is valid until {formatDate(invitation.expiresAt)}.</Text>
    </AuthCard>
  );
}

function useAccept(token: string) {
  const client = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: (body: Record<string, string>) => api.post<AcceptInvitationResponse>(`/invitations/${encodeURIComponent(token)}/accept`, body),
    onSuccess: async (accepted) => {
      await client.resetQueries({ queryKey: keys.me });
      void navigate(`/orgs/${accepted.organization.id}/members`, { replace: true });
    },
  });
}

function AcceptPanel({ token, invitation, me }: { token: string; invitation: InvitationPreview; me: Me | null }) {
  const accept = useAccept(token);
  const client = useQueryClient();
  const next = `/invitations/${token}`;
  if (me !== null) {
    const matches = me.user.email.toLowerCase() === invitation.email.toLowerCase();
    if (!matches) {
      const signOut = async () => {
        await api.post('/auth/sign-out');
        await client.resetQueries({ queryKey: keys.me });
      };
      return (
        <Alert color="orange" variant="light" title="You are signed in as someone else">
          <Stack gap="sm" align="flex-start">
            <Text size="sm">You are signed in as {me.user.email}, but this invitation was sent to {invitation.email}. Sign out, then sign in with that address.</Text>
            <Button size="xs" variant="white" color="orange" onClick={() => void signOut()}>Sign out</Button>
          </Stack>
        </Alert>
      );
    }
    return (
      <Stack gap="md">
        {accept.isError && <FormError>{errorMessage(accept.error)}</FormError>}
        <Button fullWidth onClick={() => accept.mutate({})} loading={accept.isPending}>Accept and join {invitation.organization.name}</Button>
      </Stack>
    );
  }
  if (invitation.accountExists) {
    return (
      <Stack gap="sm">
        <Text size="sm">You already have a Roster account with {invitation.email}. Sign in to accept.</Text>
        <Button component={Link} to={`/sign-in?next=${encodeURIComponent(next)}&email=${encodeURIComponent(invitation.email)}`} fullWidth>
          Sign in to accept
        </Button>
      </Stack>
    );
  }
  return <NewAccountForm invitation={invitation} accept={accept} />;
}

function NewAccountForm({ invitation, accept }: { invitation: InvitationPreview; accept: ReturnType<typeof useAccept> }) {
  const form = useForm({
    initialValues: { firstName: invitation.firstName ?? '', lastName: invitation.lastName ?? '', password: '' },
    validate: { firstName: personName('your first name'), lastName: personName('your last name'), password },
  });
  const submit = form.onSubmit((values) => accept.mutate(
    { firstName: values.firstName.trim(), lastName: values.lastName.trim(), password: values.password },
    { onError: (error) => form.setErrors(fieldErrors(error)) },
  ));
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <TextInput label="Email" description="Your username." value={invitation.email} readOnly variant="filled" />
        <Group grow align="flex-start">
          <TextInput label="First name" autoComplete="given-name" required {...form.getInputProps('firstName')} />
          <TextInput label="Last name" autoComplete="family-name" required {...form.getInputProps('lastName')} />
        </Group>
        <PasswordInput label="Choose a password" description="At least 10 characters." autoComplete="new-password" required {...form.getInputProps('password')} />
        {accept.isError && Object.keys(fieldErrors(accept.error)).length === 0 && <FormError>{errorMessage(accept.error)}</FormError>}
        <Button type="submit" fullWidth loading={accept.isPending}>Create account and join</Button>
        <Text size="xs" c="dimmed" ta="center">Not {invitation.email}? <Anchor component={Link} to="/" size="xs">Go to Roster</Anchor></Text>
      </Stack>
    </form>
  );
}
