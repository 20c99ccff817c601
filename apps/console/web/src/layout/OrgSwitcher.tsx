import { Badge, Group, Menu, Modal, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconBuilding, IconCheck, IconPlus, IconSelector } from '@tabler/icons-react';
import { useMatch, useNavigate } from 'react-router';
import type { Me } from '../api/types';
import { CreateOrganizationForm } from '../components/CreateOrganizationForm';

/** Switches between the organizations the person belongs to; the URL carries the choice. */
export function OrgSwitcher({ me }: { me: Me }) {
  const match = useMatch('/orgs/:orgId/*');
  const navigate = useNavigate();
  const [creating, { open, close }] = useDisclosure(false);
  const current = me.organizations.find((entry) => entry.organization.id === match?.params.orgId);
  const section = match?.params['*']?.split('/')[0] || 'members';
  return (
    <>
      <Menu position="bottom-start" width={300} shadow="md">
        <Menu.Target>
          <UnstyledButton
            aria-label={`Organization: ${current?.organization.name ?? 'none chosen'}. Switch organization`}
            px="sm" py={6}
            style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 'var(--mantine-radius-md)', maxWidth: 'min(260px, 52vw)', minWidth: 0 }}
          >
            <Group gap={8} wrap="nowrap">
              <IconBuilding size={16} aria-hidden />
              <Text size="sm" fw={600} truncate style={{ minWidth: 0 }}>{current?.organization.name ?? 'Switch organization'}</Text>
              <IconSelector size={14} aria-hidden />
            </Group>
          </UnstyledButton>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>Your organizations</Menu.Label>
          {me.organizations.map((entry) => {
            const selected = entry.organization.id === current?.organization.id;
            return (
              <Menu.Item
                key={entry.organization.id}
                onClick={() => void navigate(`/orgs/${entry.organization.id}/${entry.status === 'active' ? section : ''}`)}
                rightSection={selected ? <IconCheck size={14} aria-label="current" /> : undefined}
              >
                <Group gap={6} wrap="nowrap" justify="space-between">
                  <Text size="sm" truncate>{entry.organization.name}</Text>
                  {entry.status === 'active'
                    ? <Text size="xs" c="dimmed">{entry.role?.name}</Text>
                    : <Badge size="xs" variant="light" color="gray" tt="none">{entry.status === 'not_activated' ? 'Waiting for a role' : 'Deactivated'}</Badge>}
                </Group>
              </Menu.Item>
            );
          })}
          <Menu.Divider />
          <Menu.Item leftSection={<IconPlus size={14} />} onClick={open}>Create organization</Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Modal opened={creating} onClose={close} title="Create an organization">
        <CreateOrganizationForm onCancel={close} onDone={close} />
      </Modal>
    </>
  );
}
