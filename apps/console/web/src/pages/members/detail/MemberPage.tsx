import { Anchor, Avatar, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconChevronLeft, IconId, IconKey, IconPencil, IconUserQuestion } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { ApiError } from '../../../api/client';
import { useRoles } from '../../../api/queries';
import { LinkTabs } from '../../../components/LinkTabs';
import { NoAccess } from '../../../components/NoAccess';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States';
import { StatusBadge } from '../../../components/StatusBadge';
import { initials } from '../../../format';
import { useOrg } from '../../../org-context';
import { EditUserModal } from '../EditUserModal';
import { useMember } from '../member-api';
import { memberName, rowAccess } from '../member-rules';
import { AccessTab } from './AccessTab';
import { DetailsTab } from './DetailsTab';

/** One member: their details, and what they can reach among the product's resources and why. */
export function MemberPage() {
  const org = useOrg();
  const { orgId, can, rank } = org;
  const { memberId = '' } = useParams();
  const { pathname } = useLocation();
  const member = useMember(orgId, memberId);
  const roles = useRoles(orgId);
  const [editing, setEditing] = useState(false);
  const base = `/orgs/${orgId}/members/${memberId}`;
  const tab = pathname.replace(/\/$/, '').endsWith('/access') ? 'access' : 'details';

  const back = (
    <Anchor component={Link} to={`/orgs/${orgId}/members`} size="sm" underline="hover" mb="sm" style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
      <IconChevronLeft size={16} aria-hidden />Members
    </Anchor>
  );

  if (!can('members.read')) return <>{back}<NoAccess what="the organization's members" /></>;
  if (member.isPending) return <>{back}<LoadingState label="Loading the member…" /></>;
  if (member.isError) {
    if (member.error instanceof ApiError && member.error.status === 404) {
      return (
        <>
          {back}
          <Paper withBorder radius="md">
            <EmptyState
              icon={<IconUserQuestion size={26} />}
              title="This member is not in the organization"
              description="They may have been removed, or the address may be mistyped."
              action={<Button component={Link} to={`/orgs/${orgId}/members`} variant="default">Back to members</Button>}
            />
          </Paper>
        </>
      );
    }
    return <>{back}<ErrorState error={member.error} onRetry={() => void member.refetch()} /></>;
  }

  const shown = member.data;
  const name = memberName(shown);
  const access = rowAccess(shown, org);
  const assignable = (roles.data ?? []).filter((role) => role.rank <= rank);
  const onEdit = access.edit ? () => setEditing(true) : undefined;

  return (
    <>
      {back}
      <Group justify="space-between" align="flex-start" gap="md" mb="lg">
        <Group gap="md" wrap="nowrap" style={{ flex: '1 1 320px', minWidth: 0 }}>
          <Avatar color="indigo" variant="light" radius="xl" size={48} aria-hidden>{initials(name)}</Avatar>
          <Stack gap={4} style={{ minWidth: 0 }}>
            <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }}>{name}</Title>
            <Group gap="xs" wrap="wrap">
              <StatusBadge status={shown.status} />
              <Text size="sm" c="gray.7" style={{ overflowWrap: 'anywhere' }}>
                {[shown.role?.name ?? 'No role', shown.email !== name ? shown.email : null].filter(Boolean).join(' · ')}
              </Text>
            </Group>
          </Stack>
        </Group>
        {onEdit !== undefined && (
          <Button variant="default" leftSection={<IconPencil size={16} aria-hidden />} onClick={onEdit} disabled={roles.data === undefined}>Edit</Button>
        )}
      </Group>
      <LinkTabs
        label={`${name}: sections`}
        current={tab === 'access' ? `${base}/access` : base}
        tabs={[
          { to: base, label: 'Details', icon: <IconId size={16} aria-hidden /> },
          { to: `${base}/access`, label: 'Access', icon: <IconKey size={16} aria-hidden /> },
        ]}
      />
      {tab === 'access' ? <AccessTab member={shown} onEdit={onEdit} /> : <DetailsTab member={shown} self={access.self} />}
      <EditUserModal member={editing ? shown : null} onClose={() => setEditing(false)} roles={assignable} />
    </>
  );
}
