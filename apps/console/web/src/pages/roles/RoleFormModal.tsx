import { Alert, Checkbox, Fieldset, Modal, NumberInput, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMediaQuery } from '@mantine/hooks';
import { IconCrown, IconLock } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, api } from '../../api/client';
import { errorMessage, fieldErrors } from '../../api/messages';
import { keys } from '../../api/queries';
import type { Role } from '../../api/types';
import { FormError } from '../../components/FormError';
import { groupByArea, keyFromName, ROLE_KEY_PATTERN, type PermissionInfo } from './permissions';
import { notifySuccess } from '../../components/notify';
import { FormActions } from '../../components/FormActions';

interface RoleFormModalProps {
  opened: boolean;
  onClose: () => void;
  orgId: string;
  /** The role to edit; `null` creates a new one. */
  role: Role | null;
  /** The rank of the signed-in person's own role: nobody makes a role rank above it. */
  myRank: number;
  /** The permissions the signed-in person holds: only those can be given. */
  myPermissions: ReadonlySet<string>;
  /** Every permission there is, in the catalogue's order. */
  catalogue: PermissionInfo[];
}

/** "Create role" and "Edit role": name, key, description, rank and permissions grouped by area. */
export function RoleFormModal(props: RoleFormModalProps) {
  const mobile = useMediaQuery('(max-width: 48em)');
  const title = props.role === null ? 'Create role' : `Edit role: ${props.role.name}`;
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={title} size="xl" fullScreen={mobile === true}>
      {props.opened && <RoleForm key={props.role?.id ?? 'new'} {...props} />}
    </Modal>
  );
}

interface Values {
  name: string;
  key: string;
  description: string;
  rank: number | string;
  permissions: string[];
}

function RoleForm({ onClose, orgId, role, myRank, myPermissions, catalogue }: RoleFormModalProps) {
  const client = useQueryClient();
  const creating = role === null;
  const ownerRole = role?.isOwner === true;
  // The key follows the name until the person edits it themselves.
  const [keyTouched, setKeyTouched] = useState(false);
  const form = useForm<Values>({
    initialValues: {
      name: role?.name ?? '',
      key: role?.key ?? '',
      description: role?.description ?? '',
      rank: role?.rank ?? Math.max(0, Math.min(50, myRank)),
      permissions: role?.permissions ?? ['organization.read', 'members.read'].filter((p) => myPermissions.has(p)),
    },
    validate: {
      name: (value) => (value.trim() === '' ? 'Give the role a name' : value.trim().length > 60 ? 'Use at most 60 characters' : null),
      key: (value) => (!creating || ROLE_KEY_PATTERN.test(value) ? null
        : 'Use lower-case letters, digits and _, starting with a letter (at most 40 characters)'),
      description: (value) => (value.trim().length > 500 ? 'Use at most 500 characters' : null),
      rank: (value) => {
        if (ownerRole) return null;
        if (typeof value !== 'number' || !Number.isInteger(value)) return 'Enter a whole number';
        if (value < 0) return 'The lowest rank is 0';
        if (value > myRank) return `A role cannot rank above your own role (${myRank})`;
        return null;
      },
    },
  });

  const save = useMutation({
    mutationFn: async (values: Values): Promise<Role> => {
      const name = values.name.trim();
      const description = values.description.trim();
      const rank = Number(values.rank);
      if (creating) {
        return api.post<Role>(`/orgs/${orgId}/roles`, { key: values.key, name, description, rank, permissions: values.permissions });
      }
      const body: Record<string, unknown> = {};
      if (name !== role.name) body.name = name;
      if (description !== role.description) body.description = description;
      if (!ownerRole && rank !== role.rank) body.rank = rank;
      if (!ownerRole && !sameSet(values.permissions, role.permissions)) body.permissions = values.permissions;
      if (Object.keys(body).length === 0) return role;
      return api.patch<Role>(`/orgs/${orgId}/roles/${role.id}`, body);
    },
    onSuccess: async (saved) => {
      await Promise.all([
        client.invalidateQueries({ queryKey: keys.roles(orgId) }),
        // My own permissions may have changed if I edited my own role.
        client.invalidateQueries({ queryKey: keys.me }),
      ]);
      notifySuccess(creating ? 'Role created' : 'Role saved', `${saved.name} is ${creating ? 'ready to give to members' : 'up to date'}.`);
      onClose();
    },
    onError: (error) => {
      const fields = fieldErrors(error);
      if (error instanceof ApiError && error.code === 'role.above_actor') fields.rank = `A role cannot rank above your own role (${myRank})`;
      form.setErrors(fields);
    },
  });

  const setName = (name: string) => {
    form.setFieldValue('name', name);
    if (creating && !keyTouched) form.setFieldValue('key', keyFromName(name));
  };

  const togglePermission = (name: string, checked: boolean) => {
    const current = form.values.permissions;
    form.setFieldValue('permissions', checked ? [...new Set([...current, name])] : current.filter((p) => p !== name));
  };

  const areas = groupByArea(catalogue);
  const lacking = catalogue.filter((p) => !myPermissions.has(p.name)).length;
  const error = save.error;
  const showFormError = error !== null && Object.keys(fieldErrors(error)).length === 0
    && !(error instanceof ApiError && error.code === 'role.above_actor');

  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values), focusFirstError)} noValidate>
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <TextInput
            label="Name"
            placeholder="Reviewer"
            required
            data-autofocus
            maxLength={60}
            {...form.getInputProps('name')}
            onChange={(event) => setName(event.currentTarget.value)}
          />
          <TextInput
            label="Key"
            description={creating ? 'Used by the API and the CLI. It cannot change later.' : 'The key cannot change after the role is created.'}
            required={creating}
            readOnly={!creating}
            maxLength={40}
            styles={{
              input: {
                fontFamily: 'var(--mantine-font-family-monospace)',
                ...(creating ? {} : { background: 'var(--mantine-color-gray-0)', color: 'var(--mantine-color-gray-8)' }),
              },
            }}
            {...form.getInputProps('key')}
            onChange={(event) => {
              setKeyTouched(true);
              form.setFieldValue('key', event.currentTarget.value);
            }}
          />
        </SimpleGrid>
        <Textarea
          label="Description"
          placeholder="What people with this role do"
          autosize
          minRows={2}
          maxRows={5}
          maxLength={500}
          {...form.getInputProps('description')}
        />
        {ownerRole ? (
          <Alert color="indigo" variant="light" icon={<IconCrown size={18} />} title="This is the owner role">
            <Text size="sm">
              It always has every permission and its rank ({role?.rank}) cannot change, so the organization keeps someone who can
              do everything. You can change its name and description.
            </Text>
          </Alert>
        ) : (
          <>
            <NumberInput
              label="Rank"
              description={`Higher ranks can manage lower ranks: people can change members and roles ranked at or below their own. Your role's rank is ${myRank}, so this role can be from 0 to ${myRank}.`}
              min={0}
              max={myRank}
              allowDecimal={false}
              allowNegative={false}
              clampBehavior="none"
              styles={{ wrapper: { maxWidth: 200 } }}
              required
              {...form.getInputProps('rank')}
            />
            <Stack gap="xs">
              <div>
                <Text fw={600} size="sm" component="h3" m={0}>Permissions</Text>
                <Text size="sm" c="gray.7">
                  What members with this role may do.
                  {lacking > 0 && ' You can only give permissions your own role has; the others are locked.'}
                </Text>
              </div>
              <div style={{ columnWidth: 300, columnGap: 'var(--mantine-spacing-md)' }}>
                {areas.map((area) => (
                  <Fieldset
                    key={area.area}
                    legend={area.label}
                    radius="md"
                    p="sm"
                    pt={4}
                    mb="sm"
                    style={{ breakInside: 'avoid' }}
                    styles={{ legend: { fontWeight: 600, fontSize: 'var(--mantine-font-size-sm)' } }}
                  >
                    <Stack gap={8}>
                      {area.permissions.map((permission) => {
                        const held = myPermissions.has(permission.name);
                        const checked = form.values.permissions.includes(permission.name);
                        // A permission I lack can still be taken away from a role that has it.
                        const locked = !held && !checked;
                        return (
                          <Checkbox
                            key={permission.name}
                            checked={checked}
                            disabled={locked}
                            onChange={(event) => togglePermission(permission.name, event.currentTarget.checked)}
                            label={permission.description}
                            title={permission.name}
                            data-permission={permission.name}
                            description={held ? undefined : (
                              <Text span size="xs" c="gray.7">
                                <IconLock size={12} aria-hidden style={{ verticalAlign: '-1px' }} />{' '}
                                {checked
                                  ? 'Your role does not have this permission: once removed, you cannot give it back.'
                                  : 'Your role does not have this permission, so you cannot give it.'}
                              </Text>
                            )}
                          />
                        );
                      })}
                    </Stack>
                  </Fieldset>
                ))}
              </div>
            </Stack>
          </>
        )}
        {showFormError && <FormError>{errorMessage(error)}</FormError>}
        <FormActions onCancel={onClose} loading={save.isPending}>{creating ? 'Create role' : 'Save changes'}</FormActions>
      </Stack>
    </form>
  );
}

/** Brings the first field with an error into view, so a long form never fails out of sight. */
function focusFirstError(errors: Record<string, unknown>): void {
  const first = Object.keys(errors)[0];
  if (first === undefined) return;
  const input = document.querySelector<HTMLElement>(`[data-path="${CSS.escape(first)}"]`);
  input?.focus();
  input?.scrollIntoView({ block: 'center', behavior: 'smooth' });
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((item) => right.has(item));
}
