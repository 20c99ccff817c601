import { Alert, Anchor, Button, Group, List, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconAlertTriangle, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError, api } from '../../api/client';
import { errorMessage } from '../../api/messages';
import type { Me } from '../../api/types';
import { FormError } from '../../components/FormError';
import { Section } from '../../components/Section';
import { notifySuccess } from '../../components/notify';

/** Deleting one's own account, with what it means and what blocks it. */
export function DeleteAccountSection({ me }: { me: Me }) {
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <Section
      id="profile-delete"
      title="Delete your account"
      danger
      description={(
        <>
          Erases your name and email from every organization you belong to, then deletes your account. What you did stays
          there, shown as “Deleted User”. If you are the only owner of an organization, first give another member the Owner
          role or delete that organization.
        </>
      )}
    >
      <Group>
        <Button color="red.9" variant="outline" leftSection={<IconTrash size={16} />} onClick={open}>Delete account</Button>
      </Group>
      <Modal opened={opened} onClose={close} title="Delete your account?">
        {opened && <ConfirmDeleteAccount me={me} onCancel={close} />}
      </Modal>
    </Section>
  );
}

function ConfirmDeleteAccount({ me, onCancel }: { me: Me; onCancel: () => void }) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const [typed, setTyped] = useState('');
  const matches = typed.trim().toLowerCase() === me.user.email.toLowerCase();
  const remove = useMutation({
    mutationFn: () => api.delete('/me'),
    onSuccess: async () => {
      notifySuccess('Account deleted', 'Your Roster account no longer exists.');
      await navigate('/sign-in', { replace: true });
      client.clear();
    },
  });
  const error = remove.error;
  const lastOwner = error instanceof ApiError && error.code === 'user.last_owner' ? error : null;
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (matches) remove.mutate();
      }}
    >
      <Stack gap="md">
        <Text size="sm">Deleting your account, for good:</Text>
        <List size="sm" spacing={2} withPadding>
          <List.Item>signs you out everywhere and removes you from {me.organizations.length === 1 ? 'your organization' : 'all your organizations'};</List.Item>
          <List.Item>erases your name and email from their members, audit logs and mail;</List.Item>
          <List.Item>keeps what you did there, shown as “Deleted User”.</List.Item>
        </List>
        <TextInput
          label="Type your email to confirm"
          description={<>Type <b>{me.user.email}</b></>}
          value={typed}
          onChange={(event) => setTyped(event.currentTarget.value)}
          autoComplete="off"
          data-autofocus
        />
        {lastOwner !== null ? <LastOwnerError error={lastOwner} /> : error !== null && <FormError>{errorMessage(error)}</FormError>}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel}>Cancel</Button>
          <Button type="submit" color="red.9" disabled={!matches} loading={remove.isPending}>Delete my account</Button>
        </Group>
      </Stack>
    </form>
  );
}

function LastOwnerError({ error }: { error: ApiError }) {
  const orgId = typeof error.details.organizationId === 'string' ? error.details.organizationId : null;
  const name = typeof error.details.organizationName === 'string' ? error.details.organizationName : 'an organization';
  return (
    <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title="You are the last owner" role="alert">
      <Stack gap="xs">
        <Text size="sm">
          You are the only owner of <b>{name}</b>, and an organization always keeps an owner. Before deleting your account,
          either give another member of {name} the Owner role, or delete {name}.
        </Text>
        {orgId !== null && (
          <Group gap="md">
            <Anchor component={Link} to={`/orgs/${orgId}/members`} size="sm" fw={600} c="red.9" underline="always">Give someone the Owner role</Anchor>
            <Anchor component={Link} to={`/orgs/${orgId}/settings`} size="sm" fw={600} c="red.9" underline="always">Delete {name}</Anchor>
          </Group>
        )}
      </Stack>
    </Alert>
  );
}
