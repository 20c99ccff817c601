import { Anchor, Box, Button, Group, Modal, Paper, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconBuilding, IconBuildingPlus } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { Me, MyOrganization } from '../../api/types';
import { CreateOrganizationForm } from '../../components/CreateOrganizationForm';
import { EmptyState } from '../../components/States';
import { Pill } from '../../components/Pill';
import { Section } from '../../components/Section';

const STATUS: Record<MyOrganization['status'], { label: string; color: string }> = {
  active: { label: 'Active', color: 'teal' },
  not_activated: { label: 'Waiting for a role', color: 'yellow' },
  deactivated: { label: 'Deactivated', color: 'gray' },
};

/** The organizations the person belongs to, with their role and status there. */
export function OrganizationsSection({ me }: { me: Me }) {
  const [creating, { open, close }] = useDisclosure(false);
  const organizations = [...me.organizations].sort((a, b) => a.organization.name.localeCompare(b.organization.name));
  return (
    <Section
      id="profile-organizations"
      title="Your organizations"
      description="Where you are a member, and your role there."
      aside={<Button variant="light" leftSection={<IconBuildingPlus size={16} />} onClick={open}>Create organization</Button>}
    >
      {organizations.length === 0 ? (
        <Paper withBorder radius="md" bg="gray.0">
          <EmptyState
            icon={<IconBuilding size={26} />}
            title="No organizations yet"
            description="Create one, or open the link in an invitation email to join one."
          />
        </Paper>
      ) : (
        <Paper withBorder radius="md">
          <Box component="ul" aria-label="Your organizations" m={0} p={0} style={{ listStyle: 'none' }}>
            {organizations.map((entry, index) => (
              <OrganizationRow key={entry.organization.id} entry={entry} first={index === 0} />
            ))}
          </Box>
        </Paper>
      )}
      <Modal opened={creating} onClose={close} title="Create an organization">
        <CreateOrganizationForm onCancel={close} onDone={close} />
      </Modal>
    </Section>
  );
}

function OrganizationRow({ entry, first }: { entry: MyOrganization; first: boolean }) {
  const status = STATUS[entry.status];
  const role = entry.status === 'not_activated' || entry.role === null ? 'No role yet' : entry.role.name;
  return (
    <Box
      component="li"
      px={{ base: 'sm', sm: 'md' }}
      py="sm"
      style={first ? undefined : { borderTop: '1px solid var(--mantine-color-gray-2)' }}
    >
      <Group justify="space-between" gap="sm" wrap="wrap">
        <Stack gap={2} style={{ flex: '1 1 240px', minWidth: 0 }}>
          <Anchor component={Link} to={`/orgs/${entry.organization.id}`} fw={600} size="sm" style={{ overflowWrap: 'anywhere' }}>
            {entry.organization.name}
          </Anchor>
          <Text size="xs" c="gray.7">
            {role}{entry.kind === 'external' ? ' · External collaborator' : ''}
          </Text>
        </Stack>
        <Pill color={status.color}>{status.label}</Pill>
      </Group>
    </Box>
  );
}
