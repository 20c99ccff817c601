import {
  Box, Button, Code, Group, List, Paper, Stack, Text, ThemeIcon, Title, VisuallyHidden,
} from '@mantine/core';
import { IconCheck, IconCrown, IconLock, IconPencil, IconPlus, IconShieldLock, IconTrash } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { usePermissions, useRoles } from '../../api/queries';
import type { Role } from '../../api/types';
import { EmptyState, ErrorState, LoadingState, PageHeader } from '../../components/States';
import { plural } from '../../format';
import { useOrg } from '../../org-context';
import { Pill } from '../../components/Pill';
import { NoAccess } from '../../components/NoAccess';
import { DeleteRoleModal } from './DeleteRoleModal';
import { describePermissions, groupByArea, type PermissionInfo } from './permissions';
import { RoleFormModal } from './RoleFormModal';

/** The organization's roles with their rank and permissions; create, edit and delete them where allowed. */
export function RolesPage() {
  const { orgId, can, rank: myRank, membership } = useOrg();
  const roles = useRoles(orgId, can('roles.read'));
  const catalogue = usePermissions();
  const canManage = can('roles.manage');
  const myPermissions = useMemo(() => new Set(membership.permissions), [membership.permissions]);
  // `undefined`: closed; `null`: creating; a role: editing it.
  const [editing, setEditing] = useState<Role | null | undefined>(undefined);
  const [deleting, setDeleting] = useState<Role | null>(null);

  const header = (
    <PageHeader
      title="Roles"
      description="A role is a set of permissions with a rank. Higher ranks can manage lower ranks: nobody can give, change or edit a role ranked above their own."
      actions={canManage ? (
        <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing(null)} disabled={catalogue.data === undefined}>
          Create role
        </Button>
      ) : undefined}
    />
  );

  if (!can('roles.read')) return <>{header}<NoAccess what="the roles" /></>;
  if (roles.isPending || catalogue.isPending) return <>{header}<LoadingState label="Loading roles…" /></>;
  if (roles.isError) return <>{header}<ErrorState error={roles.error} onRetry={() => void roles.refetch()} /></>;
  if (catalogue.isError) return <>{header}<ErrorState error={catalogue.error} onRetry={() => void catalogue.refetch()} /></>;

  return (
    <>
      {header}
      {roles.data.length === 0 ? (
        <Paper withBorder radius="md">
          <EmptyState
            icon={<IconShieldLock size={26} />}
            title="No roles yet"
            description="Create a role to decide what members may do."
          />
        </Paper>
      ) : (
        <Stack gap="md">
          {roles.data.map((role) => (
            <RoleCard
              key={role.id}
              role={role}
              catalogue={catalogue.data.items}
              mine={membership.role?.id === role.id}
              canManage={canManage}
              myRank={myRank}
              onEdit={() => setEditing(role)}
              onDelete={() => setDeleting(role)}
            />
          ))}
        </Stack>
      )}
      {canManage && (
        <>
          <RoleFormModal
            opened={editing !== undefined}
            onClose={() => setEditing(undefined)}
            orgId={orgId}
            role={editing ?? null}
            myRank={myRank}
            myPermissions={myPermissions}
            catalogue={catalogue.data.items}
          />
          <DeleteRoleModal orgId={orgId} role={deleting} onClose={() => setDeleting(null)} />
        </>
      )}
    </>
  );
}

interface RoleCardProps {
  role: Role;
  catalogue: PermissionInfo[];
  mine: boolean;
  canManage: boolean;
  myRank: number;
  onEdit: () => void;
  onDelete: () => void;
}

function RoleCard({ role, catalogue, mine, canManage, myRank, onEdit, onDelete }: RoleCardProps) {
  const headingId = `role-${role.id}`;
  const permissions = describePermissions(role.permissions, catalogue);
  const withinRank = role.rank <= myRank;
  const everything = catalogue.length > 0 && catalogue.every((entry) => role.permissions.includes(entry.name));
  return (
    <Paper withBorder radius="md" p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby={headingId} data-role-key={role.key}>
      <Group justify="space-between" align="flex-start" gap="md" wrap="wrap">
        <Stack gap={6} style={{ flex: '1 1 320px', minWidth: 0 }}>
          <Group gap="xs" wrap="wrap">
            <Title order={2} size="h4" id={headingId} style={{ overflowWrap: 'anywhere' }}>{role.name}</Title>
            {role.isOwner && <Pill color="yellow" leftSection={<IconCrown size={12} aria-hidden />}>Owner role</Pill>}
            {role.builtin ? <Pill color="gray" outline>Built-in</Pill> : <Pill color="indigo" outline>Custom</Pill>}
            {mine && <Pill color="teal">Your role</Pill>}
          </Group>
          <Group gap="md" wrap="wrap">
            <Text size="sm" c="gray.7">Rank <Text span fw={700} c="dark.7">{role.rank}</Text></Text>
            <Text size="sm" c="gray.7">Key <Code c="gray.8">{role.key}</Code></Text>
          </Group>
          {role.description !== '' && <Text size="sm">{role.description}</Text>}
        </Stack>
        {canManage && (withinRank ? (
          <Group gap="xs">
            <Button variant="default" size="xs" leftSection={<IconPencil size={14} />} onClick={onEdit}>
              Edit<VisuallyHidden> {role.name}</VisuallyHidden>
            </Button>
            {!role.isOwner && (
              <Button variant="default" size="xs" c="red.9" leftSection={<IconTrash size={14} />} onClick={onDelete}>
                Delete<VisuallyHidden> {role.name}</VisuallyHidden>
              </Button>
            )}
          </Group>
        ) : (
          <Group gap={6} c="gray.7">
            <IconLock size={14} aria-hidden />
            <Text size="xs" c="gray.7">Ranked above your role: you cannot change it</Text>
          </Group>
        ))}
      </Group>
      <Box mt="md" pt="md" style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}>
        <PermissionSummary permissions={permissions} everything={everything} />
      </Box>
    </Paper>
  );
}

function PermissionSummary({ permissions, everything }: { permissions: PermissionInfo[]; everything: boolean }) {
  if (permissions.length === 0) {
    return <Text size="sm" c="gray.7">No permissions: members with this role see nothing until they get another role.</Text>;
  }
  const areas = groupByArea(permissions);
  return (
    <Stack gap="xs">
      <Text size="sm" fw={600}>
        {everything ? `Every permission (${permissions.length})` : plural(permissions.length, 'permission')}
      </Text>
      <div style={{ columnWidth: 260, columnGap: 'var(--mantine-spacing-xl)' }}>
        {areas.map((area) => (
          <div key={area.area} style={{ breakInside: 'avoid', paddingBottom: 'var(--mantine-spacing-sm)' }}>
            <Text size="xs" fw={700} tt="uppercase" c="gray.7" mb={4} style={{ letterSpacing: '0.03em' }}>{area.label}</Text>
            <List
              size="sm"
              spacing={4}
              center
              icon={<ThemeIcon size={16} radius="xl" variant="light" color="teal"><IconCheck size={11} aria-hidden /></ThemeIcon>}
            >
              {area.permissions.map((permission) => (
                <List.Item key={permission.name} title={permission.name}>{permission.description}</List.Item>
              ))}
            </List>
          </div>
        ))}
      </div>
    </Stack>
  );
}
