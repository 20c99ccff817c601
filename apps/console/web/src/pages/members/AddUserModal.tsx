import { Button, Group, Modal, Radio, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { ApiError } from '../../api/client';
import { errorMessage, fieldErrors } from '../../api/messages';
import type { Role } from '../../api/types';
import { FormError } from '../../components/FormError';
import { fullName } from '../../format';
import { useOrg } from '../../org-context';
import { email, maxLength, personName } from '../../validation';
import { notify } from '../../components/notify';
import { useInvite, type InviteInput } from './member-api';
import { RoleSelect } from './RoleSelect';
import { useOpening } from './use-opening';
import type { MemberKind } from './view';

const KIND_TAB: Record<MemberKind, string> = { member: 'Members', external: 'External collaborators' };

/** Errors of the API that belong to one field of the form. */
export function memberFieldErrors(error: unknown): Record<string, string> {
  const fields = fieldErrors(error);
  if (error instanceof ApiError) {
    if (error.code === 'role.above_actor') fields.roleId = 'You cannot give a role ranked above your own.';
    if (error.code === 'role.not_found') fields.roleId = 'This role no longer exists. Choose another one.';
  }
  return fields;
}

/** Invites a person: they appear in the table as "Invite pending" and get an email with a link. */
export function AddUserModal({ opened, onClose, roles, defaultKind }: {
  opened: boolean;
  onClose: () => void;
  /** The roles I may give: ranked at or below mine. */
  roles: Role[];
  /** The kind chosen when the dialog opens: that of the tab it was opened from. */
  defaultKind: MemberKind;
}) {
  // Every opening starts from an empty form.
  const shown = useOpening(opened ? defaultKind : null);
  return (
    <Modal opened={opened} onClose={onClose} title="Add user" size="lg">
      {shown.value !== null && <AddUserForm key={shown.opening} onClose={onClose} roles={roles} defaultKind={shown.value} />}
    </Modal>
  );
}

function AddUserForm({ onClose, roles, defaultKind }: { onClose: () => void; roles: Role[]; defaultKind: MemberKind }) {
  const { orgId, organization } = useOrg();
  const invite = useInvite(orgId);
  const form = useForm<InviteInput>({
    initialValues: { firstName: '', lastName: '', email: '', description: '', roleId: '', kind: defaultKind },
    validate: {
      firstName: personName('their first name'),
      lastName: personName('their last name'),
      email,
      description: maxLength(500),
      roleId: (value) => (value === '' ? 'Choose what they can do' : null),
    },
  });
  const submit = form.onSubmit((values) => invite.mutate(values, {
    onSuccess: (created) => {
      const name = fullName(created.member.firstName, created.member.lastName, created.invitation.email);
      notify({
        color: 'teal',
        title: `Invitation sent to ${created.invitation.email}`,
        message: values.kind === defaultKind
          ? `${name} appears in the table as "Invite pending" until they accept.`
          : `${name} is listed under ${KIND_TAB[values.kind]} as "Invite pending" until they accept.`,
      });
      onClose();
    },
    onError: (error) => form.setErrors(memberFieldErrors(error)),
  }));
  const fieldLevel = Object.keys(memberFieldErrors(invite.error)).length > 0;
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          They get an email with a link to join {organization.name}. The link works once and expires
          in {organization.invitationTtlDays} days.
        </Text>
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <TextInput label="First name" required autoComplete="off" data-autofocus {...form.getInputProps('firstName')} />
          <TextInput label="Last name" required autoComplete="off" {...form.getInputProps('lastName')} />
        </SimpleGrid>
        <TextInput
          label="Email"
          description="This is their username to sign in. It cannot be changed later."
          type="email"
          required
          autoComplete="off"
          placeholder="name@example.com"
          {...form.getInputProps('email')}
        />
        <Textarea
          label="Description"
          description="Optional. Shown under their name in the table, for example their team or job."
          autosize
          minRows={2}
          maxRows={4}
          {...form.getInputProps('description')}
        />
        <RoleSelect
          roles={roles}
          required
          description="What they can do in the organization."
          {...form.getInputProps('roleId')}
          value={form.values.roleId === '' ? null : form.values.roleId}
          onChange={(value) => form.setFieldValue('roleId', value ?? '')}
        />
        <Radio.Group label="Type of user" {...form.getInputProps('kind')}>
          <Stack gap="xs" mt={6}>
            <Radio value="member" label="Member" description="Part of your organization." />
            <Radio
              value="external"
              label="External collaborator"
              description="From a partner or vendor; listed in its own tab."
            />
          </Stack>
        </Radio.Group>
        {invite.isError && !fieldLevel && <FormError>{errorMessage(invite.error)}</FormError>}
        <Group justify="flex-end" gap="sm" mt="xs">
          <Button variant="default" onClick={onClose}>Cancel</Button>
          <Button type="submit" loading={invite.isPending}>Send invitation</Button>
        </Group>
      </Stack>
    </form>
  );
}
