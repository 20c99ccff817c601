import { Button, Group, NumberInput, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { errorMessage, fieldErrors } from '../../api/messages';
import { keys } from '../../api/queries';
import type { Organization } from '../../api/types';
import { FormError } from '../../components/FormError';
import { formatDate, plural } from '../../format';
import { useOrg } from '../../org-context';
import { Section } from '../../components/Section';
import { notifySuccess } from '../../components/notify';

/** The organization's name and how long invitations stay valid. */
export function OrganizationSection() {
  const { organization, can } = useOrg();
  const editable = can('organization.update');
  return (
    <Section
      id="settings-organization"
      title="Organization"
      description={editable ? 'The name members see, and how long an invitation link works.' : 'Only people whose role allows changing the organization can edit these settings.'}
    >
      {editable ? <OrganizationForm key={`${organization.id}:${organization.name}:${organization.invitationTtlDays}`} /> : (
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
          <Fact label="Name" value={organization.name} />
          <Fact label="Invitation validity" value={`Invitations stay valid for ${plural(organization.invitationTtlDays, 'day')}`} />
          <Fact label="Created" value={formatDate(organization.createdAt)} />
        </SimpleGrid>
      )}
    </Section>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <Stack gap={2}>
      <Text size="xs" fw={700} tt="uppercase" c="gray.7" style={{ letterSpacing: '0.03em' }}>{label}</Text>
      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>{value}</Text>
    </Stack>
  );
}

interface Values {
  name: string;
  invitationTtlDays: number | string;
}

function OrganizationForm() {
  const { orgId, organization } = useOrg();
  const client = useQueryClient();
  const form = useForm<Values>({
    initialValues: { name: organization.name, invitationTtlDays: organization.invitationTtlDays },
    validate: {
      name: (value) => (value.trim() === '' ? 'Give the organization a name' : value.trim().length > 100 ? 'Use at most 100 characters' : null),
      invitationTtlDays: (value) => (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 90
        ? 'Enter a number of days from 1 to 90' : null),
    },
  });
  const save = useMutation({
    mutationFn: (values: Values) => {
      const body: Record<string, unknown> = {};
      if (values.name.trim() !== organization.name) body.name = values.name.trim();
      if (Number(values.invitationTtlDays) !== organization.invitationTtlDays) body.invitationTtlDays = Number(values.invitationTtlDays);
      return api.patch<Organization>(`/orgs/${orgId}`, body);
    },
    onSuccess: async (saved) => {
      form.resetDirty({ name: saved.name, invitationTtlDays: saved.invitationTtlDays });
      await client.invalidateQueries({ queryKey: keys.me });
      notifySuccess('Settings saved', `${saved.name}'s settings are up to date.`);
    },
    onError: (error) => form.setErrors(fieldErrors(error)),
  });
  const error = save.error;
  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <TextInput label="Organization name" required maxLength={100} {...form.getInputProps('name')} />
          <NumberInput
            label="Invitations stay valid for"
            description="Days, from 1 to 90. Applies to invitations sent or resent from now on."
            min={1}
            max={90}
            allowDecimal={false}
            allowNegative={false}
            clampBehavior="none"
            hideControls
            rightSection={<Text size="sm" c="gray.7" pr="sm">days</Text>}
            rightSectionWidth={56}
            rightSectionPointerEvents="none"
            required
            {...form.getInputProps('invitationTtlDays')}
          />
        </SimpleGrid>
        {error !== null && Object.keys(fieldErrors(error)).length === 0 && <FormError>{errorMessage(error)}</FormError>}
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending} disabled={!form.isDirty()}>Save changes</Button>
        </Group>
      </Stack>
    </form>
  );
}
