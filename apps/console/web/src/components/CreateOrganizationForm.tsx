import { Button, Group, Select, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { api } from '../api/client';
import { errorMessage } from '../api/messages';
import { keys } from '../api/queries';
import type { Organization } from '../api/types';
import { FormError } from './FormError';

/** Creates an organization; the creator becomes its owner and lands in it. */
export function CreateOrganizationForm({ onCancel, onDone }: { /** Shows a Cancel button when given. */ onCancel?: () => void; /** Called once the organization exists, before going to it. */ onDone?: () => void }) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const form = useForm({
    initialValues: { name: '', roleTemplate: 'default' },
    validate: { name: (value) => (value.trim() === '' ? 'Give the organization a name' : value.trim().length > 100 ? 'Use at most 100 characters' : null) },
  });
  const create = useMutation({
    mutationFn: (values: typeof form.values) => api.post<Organization>('/orgs', { name: values.name.trim(), roleTemplate: values.roleTemplate }),
    onSuccess: async (created) => {
      await client.invalidateQueries({ queryKey: keys.me });
      onDone?.();
      void navigate(`/orgs/${created.id}/members`);
    },
  });
  return (
    <form onSubmit={form.onSubmit((values) => create.mutate(values))} noValidate>
      <Stack gap="md">
        <TextInput label="Organization name" placeholder="Acme Inc." required data-autofocus {...form.getInputProps('name')} />
        <Select
          label="Roles to start with"
          description="You can add and change roles later."
          allowDeselect={false}
          data={[
            { value: 'default', label: 'Owner, Admin, Manager, Annotator, Viewer' },
            { value: 'admin-member', label: 'Admin and Member' },
          ]}
          {...form.getInputProps('roleTemplate')}
        />
        {create.isError && <FormError>{errorMessage(create.error)}</FormError>}
        <Group justify="flex-end" gap="sm">
          {onCancel !== undefined && <Button variant="default" onClick={onCancel}>Cancel</Button>}
          <Button type="submit" loading={create.isPending}>Create organization</Button>
        </Group>
      </Stack>
    </form>
  );
}
