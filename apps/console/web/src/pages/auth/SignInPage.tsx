import { Anchor, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { errorMessage } from '../../api/messages';
import { keys, useMe } from '../../api/queries';
import { FormError } from '../../components/FormError';
import { AuthCard } from '../../layout/AuthCard';
import { email, required } from '../../validation';

/** Only paths of this site: a `next` parameter must not send anyone elsewhere. */
export function safeNext(next: string | null): string {
  return next !== null && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

/** Sign in with email and password, then go on to `next` (or "/"). */
export function SignInPage() {
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const me = useMe();
  const client = useQueryClient();
  const navigate = useNavigate();
  const form = useForm({
    initialValues: { email: params.get('email') ?? '', password: '' },
    validate: { email, password: required('your password') },
  });
  const signIn = useMutation({
    mutationFn: (values: typeof form.values) => api.post('/auth/sign-in', { email: values.email.trim(), password: values.password }),
    onSuccess: async () => {
      await client.resetQueries({ queryKey: keys.me });
      void navigate(next, { replace: true });
    },
  });
  if (me.data !== undefined && me.data !== null && !signIn.isPending) return <Navigate to={next} replace />;
  return (
    <AuthCard
      title="Sign in to Roster"
      subtitle="Welcome back."
      footer={<>New to Roster? <Anchor component={Link} to="/sign-up" size="sm">Create an account and an organization</Anchor></>}
    >
      <form onSubmit={form.onSubmit((values) => signIn.mutate(values))} noValidate>
        <Stack gap="md">
          <TextInput label="Email" type="email" autoComplete="username" required {...form.getInputProps('email')} />
          <PasswordInput label="Password" autoComplete="current-password" required {...form.getInputProps('password')} />
          {signIn.isError && <FormError>{errorMessage(signIn.error)}</FormError>}
          <Button type="submit" fullWidth loading={signIn.isPending}>Sign in</Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
