import { Button, Group, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconBan, IconHourglass, IconSearch } from '@tabler/icons-react';
import { useEffect, useMemo } from 'react';
import { Link, Outlet, useParams } from 'react-router';
import { accessFor, useMe } from '../api/queries';
import { OrgContext, type OrgContextValue } from '../org-context';
import { rememberOrg } from './last-org';

/** Pages of one organization: checks the person's membership there and shares it with the page. */
export function OrgLayout() {
  const { orgId = '' } = useParams();
  const me = useMe();
  const membership = me.data?.organizations.find((entry) => entry.organization.id === orgId);
  useEffect(() => {
    if (membership !== undefined) rememberOrg(orgId);
  }, [membership, orgId]);
  const value = useMemo<OrgContextValue | null>(
    () => (membership === undefined ? null : { ...accessFor(membership), orgId, organization: membership.organization }),
    [membership, orgId],
  );
  if (value === null) {
    return (
      <Notice icon={<IconSearch size={26} />} title="Organization not found">
        It does not exist, or you are not a member of it. Ask one of its admins for an invitation.
      </Notice>
    );
  }
  if (value.membership.status === 'not_activated') {
    return (
      <Notice icon={<IconHourglass size={26} />} title={`Waiting for an admin of ${value.organization.name}`} color="indigo">
        You have joined {value.organization.name}. An admin needs to give you a role before you can see anything here;
        you will get access as soon as they do. There is nothing else you need to do.
      </Notice>
    );
  }
  if (value.membership.status === 'deactivated') {
    return (
      <Notice icon={<IconBan size={26} />} title="Your access is deactivated" color="gray">
        An admin of {value.organization.name} has deactivated your access. Ask them to reactivate it if you still need it.
      </Notice>
    );
  }
  return (
    <OrgContext.Provider value={value}>
      <Outlet />
    </OrgContext.Provider>
  );
}

function Notice({ icon, title, children, color = 'gray' }: { icon: React.ReactNode; title: string; children: React.ReactNode; color?: string }) {
  return (
    <Paper withBorder p="xl" radius="lg" maw={560} mx="auto" mt="xl">
      <Stack align="center" ta="center" gap="sm">
        <ThemeIcon size={52} radius="xl" variant="light" color={color}>{icon}</ThemeIcon>
        <Title order={1} size="h3">{title}</Title>
        <Text c="dimmed">{children}</Text>
        <Group mt="sm"><Button component={Link} to="/profile" variant="default">Your organizations</Button></Group>
      </Stack>
    </Paper>
  );
}
