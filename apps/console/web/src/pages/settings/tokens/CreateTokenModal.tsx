import { Alert, Button, Code, CopyButton, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertTriangle, IconCheck, IconCopy } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, api } from '../../../api/client';
import { errorMessage, fieldErrors } from '../../../api/messages';
import { keys } from '../../../api/queries';
import type { CreatedApiToken, Role } from '../../../api/types';
import { DayInput } from '../../../components/DayInput';
import { FormError } from '../../../components/FormError';
import { endOfLocalDayOrNull, futureDay } from '../../../dates';
import { useOrg } from '../../../org-context';
import { all, maxLength, required } from '../../../validation';
import { RoleSelect } from '../../members/RoleSelect';
import { useOpening } from '../../members/use-opening';
import { FormActions } from '../../../components/FormActions';

/** Creates an API token, then shows its secret this once, to copy. */
export function CreateTokenModal({ opened, roles, onClose }: { opened: boolean; /** The roles I may give: ranked at or below mine. */ roles: Role[]; onClose: () => void }) {
  const shown = useOpening(opened ? true : null);
  // The token made during this opening; the next opening starts from the form again.
  const [made, setMade] = useState<{ opening: number; created: CreatedApiToken } | null>(null);
  const created = made?.opening === shown.opening ? made.created : undefined;
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={created === undefined ? 'Create API token' : 'Copy your new token'}
      size="lg"
      // Once the secret is on screen, a stray click outside must not make it disappear for good.
      closeOnClickOutside={created === undefined}
    >
      {shown.value !== null && (created === undefined
        ? <TokenForm key={shown.opening} roles={roles} onClose={onClose} onCreated={(token) => setMade({ opening: shown.opening, created: token })} />
        : <SecretView created={created} onDone={onClose} />)}
    </Modal>
  );
}

interface Values {
  name: string;
  roleId: string;
  expiresOn: string;
}

function TokenForm({ roles, onClose, onCreated }: { roles: Role[]; onClose: () => void; onCreated: (created: CreatedApiToken) => void }) {
  const { orgId } = useOrg();
  const client = useQueryClient();
  const create = useMutation({
    mutationFn: (body: { name: string; roleId: string; expiresAt: string | null }) => api.post<CreatedApiToken>(`/orgs/${orgId}/api-tokens`, {
      name: body.name, roleId: body.roleId, ...(body.expiresAt !== null && { expiresAt: body.expiresAt }),
    }),
    onSuccess: (created) => {
      onCreated(created);
      return client.invalidateQueries({ queryKey: keys.apiTokens(orgId) });
    },
  });
  const form = useForm<Values>({
    initialValues: { name: '', roleId: '', expiresOn: '' },
    validate: {
      name: all(required('a name, such as the integration it is for'), maxLength(100)),
      roleId: (value) => (value === '' ? 'Choose what the token may do' : null),
      expiresOn: futureDay,
    },
  });
  const submit = form.onSubmit((values) => create.mutate(
    { name: values.name.trim(), roleId: values.roleId, expiresAt: endOfLocalDayOrNull(values.expiresOn) },
    {
      onError: (error) => {
        const fields = fieldErrors(error);
        if (error instanceof ApiError && error.code === 'role.above_actor') fields.roleId = 'You cannot give a role ranked above your own.';
        if (fields.expiresAt !== undefined) fields.expiresOn = fields.expiresAt;
        form.setErrors(fields);
      },
    },
  ));
  const error = create.error;
  const fieldLevel = Object.keys(fieldErrors(error)).length > 0 || (error instanceof ApiError && error.code === 'role.above_actor');
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <TextInput
          label="Name"
          description="What uses it, so you know what stops working if you revoke it."
          placeholder="Production importer"
          required
          data-autofocus
          maxLength={100}
          {...form.getInputProps('name')}
        />
        <RoleSelect
          roles={roles}
          required
          description="What the token may do. Only roles ranked at or below yours are offered."
          {...form.getInputProps('roleId')}
          value={form.values.roleId === '' ? null : form.values.roleId}
          onChange={(value) => form.setFieldValue('roleId', value ?? '')}
        />
        <DayInput
          label="Expires on"
          description="Optional. The token stops working at the end of this day."
          value={form.values.expiresOn}
          onChange={(day) => form.setFieldValue('expiresOn', day)}
          error={form.errors.expiresOn}
          styles={{ wrapper: { maxWidth: 260 } }}
        />
        {error !== null && !fieldLevel && <FormError>{errorMessage(error)}</FormError>}
        <FormActions onCancel={onClose} loading={create.isPending}>Create token</FormActions>
      </Stack>
    </form>
  );
}

function SecretView({ created, onDone }: { created: CreatedApiToken; onDone: () => void }) {
  const { orgId } = useOrg();
  return (
    <Stack gap="md">
      <Alert
        color="orange"
        variant="light"
        icon={<IconAlertTriangle size={18} />}
        title="Copy it now: you will not see it again"
        // Mantine's orange title on its light orange is 3.6:1: the darker brown of the "Invite expired" badge keeps 4.5:1.
        styles={{ title: { color: '#8a3c00' }, icon: { color: '#8a3c00' } }}
      >
        <Text size="sm">
          Roster keeps only a fingerprint of the token, so nobody can show it again. If it is lost, revoke it and create another.
        </Text>
      </Alert>
      <Group gap="sm" align="flex-end" wrap="wrap">
        <TextInput
          label={`Token “${created.token.name}”`}
          value={created.secret}
          readOnly
          onFocus={(event) => event.currentTarget.select()}
          style={{ flex: '1 1 320px', minWidth: 0 }}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 'var(--mantine-font-size-sm)' } }}
          data-autofocus
        />
        <CopyButton value={created.secret} timeout={2000}>
          {({ copied, copy }) => (
            <Button leftSection={copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />} onClick={copy} miw={130}>
              {copied ? 'Copied' : 'Copy token'}
            </Button>
          )}
        </CopyButton>
      </Group>
      <Stack gap={4}>
        <Text size="sm">The product sends it with each request, acting as <b>{created.token.role.name}</b>:</Text>
        <Code block style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {`curl -H "Authorization: Bearer $ROSTER_TOKEN" \\\n  ${window.location.origin}/api/v1/orgs/${orgId}/resource-types`}
        </Code>
      </Stack>
      <Group justify="flex-end">
        <Button onClick={onDone}>Done</Button>
      </Group>
    </Stack>
  );
}
