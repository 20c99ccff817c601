import { Anchor, Button, Group, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { api } from '../../api/client';
import { errorMessage, fieldErrors } from '../../api/messages';
import { keys } from '../../api/queries';
import type { SignUpResponse } from '../../api/types';
import { FormError } from '../../components/FormError';
import { AuthCard } from '../../layout/AuthCard';
import { all, email, maxLength, password, personName, required } from '../../validation';

/** Create an account and its first organization, which the new account owns. */
export function SignUpPage() {
  const client = useQueryClient();
  const navigate = useNavigate();
  const form = useForm({
    initialValues: { firstName: '', lastName: '', email: '', password: '', organizationName: '' },
    validate: {
      firstName: personName('your first name'),
      lastName: personName('your last name'),
      email,
      password,
      organizationName: all(required('the name of your organization'), maxLength(100)),
    },
  });
  const signUp = useMutation({
    mutationFn: (values: typeof form.values) => api.post<SignUpResponse>('/auth/sign-up', {
      firstName: values.firstName.trim(), lastName: values.lastName.trim(), email: values.email.trim(),
      password: values.password, organizationName: values.organizationName.trim(),
    }),
    onSuccess: async (created) => {
      await client.resetQueries({ queryKey: keys.me });
      void navigate(`/orgs/${created.organization.id}/members`, { replace: true });
    },
    onError: (error) => form.setErrors(fieldErrors(error)),
  });
  const fieldLevel = Object.keys(fieldErrors(signUp.error)).length > 0;
  return (
    <AuthCard
      title="Create your organization"
      subtitle="You will be its owner and can invite your team right away."
      width={480}
      footer={<>Already have an account? <Anchor component={Link} to="/sign-in" size="sm">Sign in</Anchor></>}
    >
      <form onSubmit={form.onSubmit((values) => signUp.mutate(values))} noValidate>
        <Stack gap="md">
          <Group grow align="flex-start">
            <TextInput label="First name" autoComplete="given-name" required {...form.getInputProps('firstName')} />
            <TextInput label="Last name" autoComplete="family-name" required {...form.getInputProps('lastName')} />
          </Group>
          <TextInput label="Work email" description="This is your username." type="email" autoComplete="username" required {...form.getInputProps('email')} />
          <PasswordInput label="Password" description="At least 10 characters." autoComplete="new-password" required {...form.getInputProps('password')} />
          <TextInput label="Organization name" placeholder="Acme Inc." autoComplete="organization" required {...form.getInputProps('organizationName')} />
          {signUp.isError && !fieldLevel && <FormError>{errorMessage(signUp.error)}</FormError>}
          <Button type="submit" fullWidth loading={signUp.isPending}>Create account and organization</Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
