import { Avatar, Box, Group, Paper, Stack, Text } from '@mantine/core';
import { IconListDetails } from '@tabler/icons-react';
import { useMemo } from 'react';
import { keys, useRoles } from '../../api/queries';
import type { AuditEvent } from '../../api/types';
import { LoadMore, RefreshButton, useCursorPages } from '../../components/CursorList';
import { EmptyState, ErrorState, LoadingState, PageHeader } from '../../components/States';
import { formatDateTime, initials } from '../../format';
import { useOrg } from '../../org-context';
import { NoAccess } from '../../components/NoAccess';
import { describeEvent, roleNamesFromEvents, type DescribeContext, type Detail } from './describe';

/** The organization's audit log: who did what to whom, and when, newest first. */
export function AuditPage() {
  const { orgId, organization, can } = useOrg();
  const roles = useRoles(orgId, can('roles.read'));
  const { query: events, items } = useCursorPages<AuditEvent>({
    queryKey: keys.audit(orgId), path: `/orgs/${orgId}/audit-events`, enabled: can('audit.read'),
  });
  const context = useMemo<DescribeContext>(() => {
    const current = new Map((roles.data ?? []).map((role) => [role.id, role.name]));
    const historic = roleNamesFromEvents(items);
    return {
      roleName: (roleId) => {
        if (typeof roleId !== 'string') return 'no role';
        return current.get(roleId) ?? historic.get(roleId) ?? (roles.data === undefined ? 'a role' : 'a deleted role');
      },
    };
  }, [roles.data, items]);

  const header = (
    <PageHeader
      title="Audit log"
      description={`Who did what in ${organization.name}, and when, newest first. Entries are never changed or deleted; people who deleted their identity appear as “Deleted User”.`}
      actions={<RefreshButton query={events} disabled={!can('audit.read')} />}
    />
  );

  if (!can('audit.read')) return <>{header}<NoAccess what="the audit log" /></>;
  if (events.isPending) return <>{header}<LoadingState label="Loading the audit log…" /></>;
  if (events.data === undefined) return <>{header}<ErrorState error={events.error} onRetry={() => void events.refetch()} /></>;

  return (
    <>
      {header}
      <Paper withBorder radius="md">
        {items.length === 0 ? (
          <EmptyState
            icon={<IconListDetails size={26} />}
            title="Nothing recorded yet"
            description="Invitations, role changes, settings and every other change to the organization will appear here."
          />
        ) : (
          <Box component="ul" aria-label="Audit events" m={0} p={0} style={{ listStyle: 'none' }}>
            {items.map((event, index) => (
              <EventRow key={event.id} event={event} context={context} first={index === 0} />
            ))}
          </Box>
        )}
      </Paper>
      <LoadMore query={events} count={items.length} noun="event" />
    </>
  );
}

function EventRow({ event, context, first }: { event: AuditEvent; context: DescribeContext; first: boolean }) {
  const { summary, details } = describeEvent(event, context);
  const actorName = event.actor?.name || 'Roster';
  const deleted = event.actor !== null && event.actor.email === null;
  return (
    <Box
      component="li"
      px={{ base: 'sm', sm: 'md' }}
      py="sm"
      data-action={event.action}
      style={first ? undefined : { borderTop: '1px solid var(--mantine-color-gray-2)' }}
    >
      <Group align="flex-start" gap="sm" wrap="nowrap">
        <Avatar radius="xl" size={32} color={deleted ? 'gray' : 'indigo'} aria-hidden visibleFrom="xs">{initials(actorName)}</Avatar>
        <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
          <Group justify="space-between" align="flex-start" gap="xs" wrap="wrap">
            <Text size="sm" style={{ flex: '1 1 320px', minWidth: 0, overflowWrap: 'anywhere' }}>
              <b>{actorName}</b>{' '}{summary}
            </Text>
            <Text size="xs" c="gray.7" style={{ whiteSpace: 'nowrap' }}>
              <time dateTime={event.createdAt}>{formatDateTime(event.createdAt)}</time>
            </Text>
          </Group>
          {event.actor?.email !== null && event.actor?.email !== undefined && (
            <Text size="xs" c="gray.7" style={{ overflowWrap: 'anywhere' }}>by {event.actor.email}</Text>
          )}
          {details.length > 0 && (
            <Stack gap={2} mt={2}>
              {details.map((detail, index) => <DetailLine key={index} detail={detail} />)}
            </Stack>
          )}
        </Stack>
      </Group>
    </Box>
  );
}

function DetailLine({ detail }: { detail: Detail }) {
  return (
    <Text size="xs" c="gray.8" style={{ overflowWrap: 'anywhere' }}>
      <Text span size="xs" fw={600}>{detail.label}:</Text>{' '}
      {'value' in detail ? detail.value : `${detail.from} → ${detail.to}`}
    </Text>
  );
}
