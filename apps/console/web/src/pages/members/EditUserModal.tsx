import { Button, Group, Modal, Radio, SimpleGrid, Stack, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconLock } from '@tabler/icons-react';
import { ApiError } from '../../api/client';
import { errorMessage } from '../../api/messages';
import type { Member, Role } from '../../api/types';
import { FormError } from '../../components/FormError';
import { useOrg } from '../../org-context';
import { StatusBadge } from '../../components/StatusBadge';
import { maxLength, personName } from '../../validation';
import { memberFieldErrors } from './AddUserModal';
import { notify } from '../../components/notify';
import { useUpdateMember, type MemberChanges } from './member-api';
import { memberName } from './member-rules';
import { RoleSelect } from './RoleSelect';
import { useOpening } from './use-opening';

/** Edits a member's names, description, role and kind; the email is the username and stays. */
export function EditUserModal({ member, onClose, roles }: { /** The member to edit; `null` closes the dialog. */ member: Member | null; onClose: () => void; /** The roles I may give: ranked at or below mine. */ roles: Role[] }) {
  const shown = useOpening(member);
  return (
    <Modal opened={member !== null} onClose={onClose} title="Edit user" size="lg">
      {shown.value !== null && <EditUserForm key={shown.opening} member={shown.value} onClose={onClose} roles={roles} />}
    </Modal>
  );
}

interface EditValues {
  firstName: string;
  lastName: string;
  description: string;
  roleId: string;
  kind: 'member' | 'external';
}

function EditUserForm({ member, onClose, roles }: { member: Member; onClose: () => void; roles: Role[] }) {
  const { orgId } = useOrg();
  const update = useUpdateMember(orgId);
  const initial: EditValues = {
    firstName: member.firstName ?? '',
    lastName: member.lastName ?? '',
    description: member.description,
    roleId: member.role?.id ?? '',
    kind: member.kind,
  };
  const form = useForm<EditValues>({
    initialValues: initial,
    validate: {
      firstName: personName('their first name'),
      lastName: personName('their last name'),
      description: maxLength(500),
    },
  });
  const submit = form.onSubmit((values) => {
    const changes: MemberChanges = {};
    if (values.firstName.trim() !== initial.firstName) changes.firstName = values.firstName.trim();
    if (values.lastName.trim() !== initial.lastName) changes.lastName = values.lastName.trim();
    if (values.description.trim() !== initial.description) changes.description = values.description.trim();
    if (values.roleId !== '' && values.roleId !== initial.roleId) changes.roleId = values.roleId;
    if (values.kind !== initial.kind) changes.kind = values.kind;
    if (Object.keys(changes).length === 0) {
      onClose();
      return;
    }
    update.mutate({ member, changes }, {
      onSuccess: (updated) => {
        notify({ color: 'teal', title: 'Changes saved', message: `${memberName(updated)}'s details are up to date.` });
        onClose();
      },
      onError: (error) => {
        if (error instanceof ApiError && error.code === 'member.name_not_editable') {
          // Put the names back so that saving again keeps the other changes.
          form.setValues({ firstName: initial.firstName, lastName: initial.lastName });
          form.setErrors({
            firstName: `${errorMessage(error)} Save again to keep your other changes.`,
            lastName: true,
          });
        } else {
          form.setErrors(memberFieldErrors(error));
        }
      },
    });
  });
  const namesLocked = update.error instanceof ApiError && update.error.code === 'member.name_not_editable';
  const fieldLevel = namesLocked || Object.keys(memberFieldErrors(update.error)).length > 0;

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Group gap="xs">
          <StatusBadge status={member.status} />
        </Group>
        <TextInput
          label="Email"
          description="The email is their username; it cannot be changed."
          value={member.email ?? ''}
          readOnly
          variant="filled"
          rightSection={<IconLock size={16} aria-hidden />}
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <TextInput
            label="First name"
            required
            autoComplete="off"
            data-autofocus
           
            {...form.getInputProps('firstName')}
            readOnly={namesLocked}
          />
          <TextInput label="Last name" required autoComplete="off" {...form.getInputProps('lastName')} readOnly={namesLocked} />
        </SimpleGrid>
        <Textarea
          label="Description"
          description="Shown under their name in the table."
          autosize
          minRows={2}
          maxRows={4}
          {...form.getInputProps('description')}
        />
        <RoleSelect
          roles={roles}
          description={member.role === null ? 'They have no role yet: giving them one activates them.' : undefined}
          {...form.getInputProps('roleId')}
          value={form.values.roleId === '' ? null : form.values.roleId}
          onChange={(value) => form.setFieldValue('roleId', value ?? '')}
        />
        <Radio.Group label="Type of user" {...form.getInputProps('kind')}>
          <Group gap="lg" mt={6}>
            <Radio value="member" label="Member" />
            <Radio value="external" label="External collaborator" />
          </Group>
        </Radio.Group>
        {update.isError && !fieldLevel && <FormError>{errorMessage(update.error)}</FormError>}
        <Group justify="flex-end" gap="sm" mt="xs">
          <Button variant="default" onClick={onClose}>Cancel</Button>
          <Button type="submit" loading={update.isPending}>Save changes</Button>
        </Group>
      </Stack>
    </form>
  );
}
