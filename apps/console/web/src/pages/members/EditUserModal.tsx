import { Group, Modal, Radio, SimpleGrid, Stack, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconLock } from '@tabler/icons-react';
import { useState } from 'react';
import { ApiError } from '../../api/client';
import { errorMessage } from '../../api/messages';
import { useResourceTypes } from '../../api/queries';
import type { Member, Role } from '../../api/types';
import { DayInput } from '../../components/DayInput';
import { FormError } from '../../components/FormError';
import { endOfLocalDayOrNull, futureDay, localDayOf } from '../../dates';
import { useOrg } from '../../org-context';
import { StatusBadge } from '../../components/StatusBadge';
import { maxLength, personName } from '../../validation';
import { accessFromGrants, diffGrants, noGrantChanges, type AccessValues, type GrantChanges } from './access-form';
import { AccessSection, useAccessForm } from './AccessSection';
import { memberFieldErrors } from './AddUserModal';
import { notify } from '../../components/notify';
import { GrantSaveError, useGrants, useSaveMember, type MemberChanges } from './member-api';
import { memberName } from './member-rules';
import { RoleSelect } from './RoleSelect';
import { useOpening } from './use-opening';
import { FormActions } from '../../components/FormActions';

/** Edits a member's names, description, role, kind, membership end and resource access; the email is the username and stays. */
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
  /** The last day of the membership ("YYYY-MM-DD"), or `''` for no end. */
  accessExpiresOn: string;
}

const NO_GRANT_CHANGES: GrantChanges = { create: [], update: [], remove: [] };

function valuesOf(member: Member): EditValues {
  return {
    firstName: member.firstName ?? '',
    lastName: member.lastName ?? '',
    description: member.description,
    roleId: member.role?.id ?? '',
    kind: member.kind,
    accessExpiresOn: localDayOf(member.accessExpiresAt),
  };
}

function EditUserForm({ member, onClose, roles }: { member: Member; onClose: () => void; roles: Role[] }) {
  const { orgId, organization } = useOrg();
  const save = useSaveMember(orgId);
  const types = useResourceTypes(orgId);
  const grants = useGrants(orgId, member.id);
  // What is saved: the member as opened, then what a partly failed save did save.
  const [initial, setInitial] = useState<EditValues>(() => valuesOf(member));
  const form = useForm<EditValues>({
    initialValues: initial,
    validate: {
      firstName: personName('their first name'),
      lastName: personName('their last name'),
      description: maxLength(500),
      accessExpiresOn: (value) => (value === initial.accessExpiresOn ? null : futureDay(value)),
    },
  });
  const access = useAccessForm();
  // The access fields start from the member's grants once both they and the types have loaded.
  const [accessBase, setAccessBase] = useState<{ values: AccessValues; mixed: Set<string> } | null>(null);
  if (accessBase === null && types.data !== undefined && grants.data !== undefined) {
    const base = accessFromGrants(types.data, grants.data);
    setAccessBase(base);
    access.reset(base.values);
  }
  const ready = accessBase !== null && types.data !== undefined && grants.data !== undefined
    ? { base: accessBase.values, types: types.data, grants: grants.data } : null;
  // Until the access fields are shown, saving leaves the member's grants as they are.
  const checkAccess = () => ready === null || access.validate(ready.types, ready.base);

  const submit = form.onSubmit((values) => {
    if (!checkAccess()) return;
    const changes: MemberChanges = {};
    if (values.firstName.trim() !== initial.firstName) changes.firstName = values.firstName.trim();
    if (values.lastName.trim() !== initial.lastName) changes.lastName = values.lastName.trim();
    if (values.description.trim() !== initial.description) changes.description = values.description.trim();
    if (values.roleId !== '' && values.roleId !== initial.roleId) changes.roleId = values.roleId;
    if (values.kind !== initial.kind) changes.kind = values.kind;
    if (values.accessExpiresOn !== initial.accessExpiresOn) changes.accessExpiresAt = endOfLocalDayOrNull(values.accessExpiresOn);
    const grantChanges = ready === null ? NO_GRANT_CHANGES : diffGrants(access.values, ready.base, ready.grants);
    if (Object.keys(changes).length === 0 && noGrantChanges(grantChanges)) {
      onClose();
      return;
    }
    save.mutate({ member, changes, grants: grantChanges }, {
      onSuccess: (updated) => {
        notify({ color: 'teal', title: 'Changes saved', message: `${memberName(updated)}'s details and access are up to date.` });
        onClose();
      },
      onError: (error) => {
        if (error instanceof GrantSaveError) {
          if (error.detailsSaved) setInitial({ ...values, firstName: values.firstName.trim(), lastName: values.lastName.trim(), description: values.description.trim() });
        } else if (error instanceof ApiError && error.code === 'member.name_not_editable') {
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
  }, checkAccess);
  const namesLocked = save.error instanceof ApiError && save.error.code === 'member.name_not_editable';
  const fieldLevel = namesLocked || Object.keys(memberFieldErrors(save.error)).length > 0;

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
        <DayInput
          label="Membership ends on"
          description={`Optional. Their access to ${organization.name} stops at the end of this day.`}
          value={form.values.accessExpiresOn}
          onChange={(day) => form.setFieldValue('accessExpiresOn', day)}
          error={form.errors.accessExpiresOn}
          styles={{ wrapper: { maxWidth: 260 } }}
        />
        <AccessSection
          types={{ data: types.data, error: types.error ?? grants.error, refetch: () => void Promise.all([types.refetch(), grants.refetch()]) }}
          form={access}
          roles={roles}
          loading={ready === null}
          mixed={accessBase?.mixed}
        />
        {save.error instanceof GrantSaveError ? (
          <FormError>
            {save.error.detailsSaved ? 'Their details were saved, but not all of their resource access: ' : 'Their resource access could not be saved: '}
            {errorMessage(save.error.reason)} Save again to try the rest.
          </FormError>
        ) : save.isError && !fieldLevel && <FormError>{errorMessage(save.error)}</FormError>}
        <FormActions onCancel={onClose} loading={save.isPending} mt="xs">Save changes</FormActions>
      </Stack>
    </form>
  );
}
