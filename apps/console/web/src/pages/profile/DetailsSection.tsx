import { Button, Group, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconLock } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { errorMessage, fieldErrors } from '../../api/messages';
import { keys } from '../../api/queries';
import type { Me, User } from '../../api/types';
import { FormError } from '../../components/FormError';
import { personName } from '../../validation';
import { Section } from '../../components/Section';
import { notifySuccess } from '../../components/notify';

/** Edit one's own name; the email is shown, never edited. */
export function DetailsSection({ me }: { me: Me }) {
  return (
    <Section id="profile-details" title="Your details" description="Your name as the members of your organizations see it.">
      <DetailsForm key={`${me.user.firstName}\u0000${me.user.lastName}`} me={me} />
    </Section>
  );
}

function DetailsForm({ me }: { me: Me }) {
  const client = useQueryClient();
  const form = useForm({
    initialValues: { firstName: me.user.firstName, lastName: me.user.lastName },
    validate: { firstName: personName('your first name'), lastName: personName('your last name') },
  });
  const save = useMutation({
    mutationFn: (values: typeof form.values) =>
      api.patch<{ user: User }>('/me', { firstName: values.firstName.trim(), lastName: values.lastName.trim() }),
    onSuccess: async ({ user }) => {
      client.setQueryData<Me | null>(keys.me, (previous) => (previous === null || previous === undefined ? previous : { ...previous, user }));
      notifySuccess('Name saved', `Your organizations now see you as ${user.firstName} ${user.lastName}.`);
      // Member lists and audit logs show the new name.
      await client.invalidateQueries({ queryKey: ['org'] });
    },
    onError: (error) => form.setErrors(fieldErrors(error)),
  });
  const error = save.error;
  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <TextInput label="First name" required autoComplete="given-name" maxLength={100} {...form.getInputProps('firstName')} />
          <TextInput label="Last name" required autoComplete="family-name" maxLength={100} {...form.getInputProps('lastName')} />
        </SimpleGrid>
        <TextInput
          label="Email"
          value={me.user.email}
          readOnly
          description="Your email is your username, so it cannot be changed."
          rightSection={<IconLock size={16} aria-hidden />}
          maw={{ base: '100%', sm: 'calc(50% - var(--mantine-spacing-md) / 2)' }}
          styles={{ input: { background: 'var(--mantine-color-gray-0)', color: 'var(--mantine-color-gray-8)' } }}
        />
        {error !== null && Object.keys(fieldErrors(error)).length === 0 && <FormError>{errorMessage(error)}</FormError>}
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending} disabled={!form.isDirty()}>Save changes</Button>
        </Group>
      </Stack>
    </form>
  );
}
