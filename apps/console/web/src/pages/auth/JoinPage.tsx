import { Anchor, Button, Group, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, api } from '../../api/client';
import { errorMessage, fieldErrors } from '../../api/messages';
import { keys, useMe } from '../../api/queries';
import type { JoinResponse } from '../../api/types';
import { FormError } from '../../components/FormError';
import { LoadingState } from '../../components/States';
import { AuthCard } from '../../layout/AuthCard';
import { email, password, personName } from '../../validation';
import { LinkProblem } from './LinkProblem';

/** The shared invite link: join the organization, then wait for an admin to give a role. */
export function JoinPage() {
  const { token = '' } = useParams();
  const me = useMe();
  const client = useQueryClient();
  const navigate = useNavigate();
  const join = useMutation({
    mutationFn: (body: Record<string, string>) => api.post<JoinResponse>(`/join/${encodeURIComponent(token)}`, body),
    onSuccess: async (joined) => {
      await client.resetQueries({ queryKey: keys.me });
      void navigate(`/orgs/${joined.organization.id}`, { replace: true });
    },
  });
  const form = useForm({
    initialValues: { firstName: '', lastName: '', email: '', password: '' },
    validate: { firstName: personName('your first name'), lastName: personName('your last name'), email, password },
  });
  if (me.isPending) return <AuthCard title="Join an organization"><LoadingState /></AuthCard>;
  if (join.error instanceof ApiError && join.error.code === 'invite_link.invalid') return <LinkProblem error={join.error} />;
  const signedIn = me.data !== null && me.data !== undefined;
  return (
    <AuthCard
      title="Join an organization on Roster"
      subtitle="You were sent a shared invite link. After you join, an admin of the organization gives you a role."
      footer={signedIn ? undefined : <>Already have an account? <Anchor component={Link} to={`/sign-in?next=${encodeURIComponent(`/join/${token}`)}`} size="sm">Sign in to join</Anchor></>}
    >
      {signedIn ? (
        <Stack gap="md">
          <Text size="sm">You will join as {me.data?.user.email}.</Text>
          {join.isError && <FormError>{errorMessage(join.error)}</FormError>}
          <Button fullWidth loading={join.isPending} onClick={() => join.mutate({})}>Join organization</Button>
        </Stack>
      ) : (
        <form
          noValidate
          onSubmit={form.onSubmit((values) => join.mutate(
            { firstName: values.firstName.trim(), lastName: values.lastName.trim(), email: values.email.trim(), password: values.password },
            { onError: (error) => form.setErrors(fieldErrors(error)) },
          ))}
        >
          <Stack gap="md">
            <Group grow align="flex-start">
              <TextInput label="First name" autoComplete="given-name" required {...form.getInputProps('firstName')} />
              <TextInput label="Last name" autoComplete="family-name" required {...form.getInputProps('lastName')} />
            </Group>
            <TextInput label="Email" description="This is your username." type="email" autoComplete="username" required {...form.getInputProps('email')} />
            <PasswordInput label="Choose a password" description="At least 10 characters." autoComplete="new-password" required {...form.getInputProps('password')} />
            {join.isError && Object.keys(fieldErrors(join.error)).length === 0 && <FormError>{errorMessage(join.error)}</FormError>}
            <Button type="submit" fullWidth loading={join.isPending}>Create account and join</Button>
          </Stack>
        </form>
      )}
    </AuthCard>
  );
}
