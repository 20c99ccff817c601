import { Modal, Radio, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { ApiError } from '../../api/client';
import { errorMessage, fieldErrors } from '../../api/messages';
import { useResourceTypes } from '../../api/queries';
import type { Role } from '../../api/types';
import { DayInput } from '../../components/DayInput';
import { FormError } from '../../components/FormError';
import { endOfLocalDayOrNull, futureDay } from '../../dates';
import { fullName } from '../../format';
import { useOrg } from '../../org-context';
import { email, maxLength, personName } from '../../validation';
import { notify } from '../../components/notify';
import { grantInputs } from './access-form';
import { AccessSection, useAccessForm } from './AccessSection';
import { useInvite, type InviteInput } from './member-api';
import { RoleSelect } from './RoleSelect';
import { useOpening } from './use-opening';
import type { MemberKind } from './view';
import { FormActions } from '../../components/FormActions';

const KIND_TAB: Record<MemberKind, string> = { member: 'Members', external: 'External collaborators' };

const MEMBER_FIELDS = new Set(['firstName', 'lastName', 'email', 'description', 'roleId', 'kind', 'accessExpiresOn']);

/**
 * Errors of the API that belong to one field of the user dialogs. Problems with resource access
 * (`access…`) are left to the form-level message, which names what they are about.
 */
export function memberFieldErrors(error: unknown): Record<string, string> {
  const { accessExpiresAt, ...fields } = fieldErrors(error);
  if (accessExpiresAt !== undefined) fields.accessExpiresOn = accessExpiresAt;
  if (error instanceof ApiError) {
    if (error.code === 'role.above_actor' && fields.access === undefined) fields.roleId = 'You cannot give a role ranked above your own.';
    if (error.code === 'role.not_found') fields.roleId = 'This role no longer exists. Choose another one.';
    if (error.code === 'member.owner_cannot_expire') fields.accessExpiresOn = 'An owner’s membership cannot end by itself. Remove the date, or give them another role first.';
  }
  return Object.fromEntries(Object.entries(fields).filter(([field]) => MEMBER_FIELDS.has(field)));
}

/** The fields of the Add user form; resource access is held beside it. */
type AddValues = Omit<InviteInput, 'access' | 'accessExpiresAt'> & {
  /** The last day of the membership ("YYYY-MM-DD"), or `''` for no end. */
  accessExpiresOn: string;
};

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
  const types = useResourceTypes(orgId);
  const access = useAccessForm();
  const form = useForm<AddValues>({
    initialValues: { firstName: '', lastName: '', email: '', description: '', roleId: '', kind: defaultKind, accessExpiresOn: '' },
    validate: {
      firstName: personName('their first name'),
      lastName: personName('their last name'),
      email,
      description: maxLength(500),
      roleId: (value) => (value === '' ? 'Choose what they can do' : null),
      accessExpiresOn: futureDay,
    },
  });
  const accessTypes = types.data ?? [];
  // Both parts show their problems at once; the invitation leaves only when both are right.
  const submit = form.onSubmit((values) => {
    if (!access.validate(accessTypes)) return;
    const { accessExpiresOn, ...fields } = values;
    const input: InviteInput = {
      ...fields,
      access: grantInputs(access.values, accessTypes),
      accessExpiresAt: endOfLocalDayOrNull(accessExpiresOn),
    };
    invite.mutate(input, {
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
    });
  }, () => access.validate(accessTypes));
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
        <DayInput
          label="Membership ends on"
          description={`Optional. Their access to ${organization.name} stops at the end of this day, for example when a contract ends.`}
          value={form.values.accessExpiresOn}
          onChange={(day) => form.setFieldValue('accessExpiresOn', day)}
          error={form.errors.accessExpiresOn}
          styles={{ wrapper: { maxWidth: 260 } }}
        />
        <AccessSection types={{ data: types.data, error: types.error, refetch: () => void types.refetch() }} form={access} roles={roles} />
        {invite.isError && !fieldLevel && <FormError>{errorMessage(invite.error)}</FormError>}
        <FormActions onCancel={onClose} loading={invite.isPending} mt="xs">Send invitation</FormActions>
      </Stack>
    </form>
  );
}
