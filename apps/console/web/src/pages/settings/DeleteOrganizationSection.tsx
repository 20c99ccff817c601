import { Button, Group, List, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../../api/client';
import { errorMessage } from '../../api/messages';
import { keys } from '../../api/queries';
import type { Me } from '../../api/types';
import { FormError } from '../../components/FormError';
import { useOrg } from '../../org-context';
import { Section } from '../../components/Section';
import { notifySuccess } from '../../components/notify';

/** The danger zone: the owner deletes the organization after typing its name. */
export function DeleteOrganizationSection() {
  const { organization } = useOrg();
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <Section
      id="settings-danger"
      title="Delete organization"
      danger
      description={<>Deletes <b>{organization.name}</b> for everyone: its members, invitations, roles, invite link, audit log and mail. This cannot be undone.</>}
    >
      <Group>
        <Button color="red.9" variant="outline" leftSection={<IconTrash size={16} />} onClick={open}>Delete organization</Button>
      </Group>
      <Modal opened={opened} onClose={close} title={`Delete ${organization.name}?`}>
        {opened && <ConfirmDelete onCancel={close} />}
      </Modal>
    </Section>
  );
}

function ConfirmDelete({ onCancel }: { onCancel: () => void }) {
  const { orgId, organization } = useOrg();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [typed, setTyped] = useState('');
  const matches = typed.trim() === organization.name.trim();
  const remove = useMutation({
    mutationFn: () => api.delete(`/orgs/${orgId}`),
    onSuccess: () => {
      const name = organization.name;
      // Forget the organization at once so nothing sends the person back to it, then ask the server.
      client.setQueryData<Me | null>(keys.me, (me) => (me === null || me === undefined ? me
        : { ...me, organizations: me.organizations.filter((entry) => entry.organization.id !== orgId) }));
      client.removeQueries({ queryKey: keys.org(orgId) });
      void navigate('/', { replace: true });
      void client.invalidateQueries({ queryKey: keys.me });
      notifySuccess('Organization deleted', `${name} and everything in it are gone.`);
    },
  });
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (matches) remove.mutate();
      }}
    >
      <Stack gap="md">
        <Text size="sm">This deletes, for everyone and for good:</Text>
        <List size="sm" spacing={2} withPadding>
          <List.Item>every member, invitation and role of {organization.name}</List.Item>
          <List.Item>its invite link, audit log and mail history</List.Item>
        </List>
        <Text size="sm">People keep their Roster accounts and their other organizations.</Text>
        <TextInput
          label="Type the organization's name to confirm"
          description={<>Type <b>{organization.name}</b></>}
          value={typed}
          onChange={(event) => setTyped(event.currentTarget.value)}
          autoComplete="off"
          data-autofocus
        />
        {remove.isError && <FormError>{errorMessage(remove.error)}</FormError>}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel}>Cancel</Button>
          <Button type="submit" color="red.9" disabled={!matches} loading={remove.isPending}>Delete this organization</Button>
        </Group>
      </Stack>
    </form>
  );
}
