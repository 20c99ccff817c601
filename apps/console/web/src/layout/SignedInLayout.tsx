import { AppShell, Avatar, Burger, Group, Menu, NavLink, ScrollArea, Stack, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import {
  IconChartBar, IconChevronDown, IconLogout, IconMail, IconSettings, IconShieldLock, IconUserCircle, IconUsers, IconListDetails,
} from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { Link, Navigate, Outlet, useLocation, useMatch, useNavigate } from 'react-router';
import { api } from '../api/client';
import { accessFor, useMe } from '../api/queries';
import type { Me } from '../api/types';
import { ErrorState, LoadingState } from '../components/States';
import { fullName, initials } from '../format';
import { Logo } from './Logo';
import { OrgSwitcher } from './OrgSwitcher';

const NAV = [
  { path: 'members', label: 'Members', icon: IconUsers, permission: 'members.read' },
  { path: 'usage', label: 'Usage', icon: IconChartBar, permission: 'usage.read' },
  { path: 'roles', label: 'Roles', icon: IconShieldLock, permission: 'roles.read' },
  { path: 'settings', label: 'Settings', icon: IconSettings, permission: 'organization.read' },
  { path: 'audit', label: 'Audit log', icon: IconListDetails, permission: 'audit.read' },
  { path: 'mail', label: 'Mail', icon: IconMail, permission: 'mail.read' },
] as const;

/** The console's frame for signed-in pages: header with organization switcher and account menu, side navigation. */
export function SignedInLayout() {
  const me = useMe();
  const location = useLocation();
  const [opened, { toggle, close }] = useDisclosure(false);
  // Below the sm breakpoint the closed navigation is only moved off screen: keep it out of the keyboard's and screen readers' way.
  const mobile = useMediaQuery('(max-width: 47.99em)');
  if (me.isPending) return <LoadingState />;
  if (me.isError) return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  if (me.data === null) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding={{ base: 'sm', sm: 'lg' }}
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={opened ? 'Close navigation' : 'Open navigation'} />
            <Link to="/" aria-label="Roster home" style={{ color: 'inherit', textDecoration: 'none' }}><Logo compact /></Link>
            <OrgSwitcher me={me.data} />
          </Group>
          <AccountMenu me={me.data} />
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label="Main" inert={mobile === true && !opened}>
        <SideNav me={me.data} onNavigate={close} />
      </AppShell.Navbar>
      <AppShell.Main>
        <div style={{ maxWidth: 1280, margin: '0 auto' }}>
          <Outlet />
        </div>
      </AppShell.Main>
    </AppShell>
  );
}

function SideNav({ me, onNavigate }: { me: Me; onNavigate: () => void }) {
  const match = useMatch('/orgs/:orgId/*');
  const location = useLocation();
  const orgId = match?.params.orgId;
  const membership = me.organizations.find((entry) => entry.organization.id === orgId);
  const access = membership === undefined ? undefined : accessFor(membership);
  return (
    <Stack justify="space-between" h="100%">
      <ScrollArea>
        <Stack gap={2}>
          {orgId !== undefined && access !== undefined && NAV.filter((item) => access.can(item.permission)).map((item) => {
            const to = `/orgs/${orgId}/${item.path}`;
            return (
              <NavLink
                key={item.path}
                component={Link}
                to={to}
                label={item.label}
                leftSection={<item.icon size={18} stroke={1.7} />}
                active={location.pathname.startsWith(to)}
                aria-current={location.pathname.startsWith(to) ? 'page' : undefined}
                onClick={onNavigate}
                styles={{ root: { borderRadius: 'var(--mantine-radius-md)' } }}
              />
            );
          })}
        </Stack>
      </ScrollArea>
      <NavLink
        component={Link}
        to="/profile"
        label="Your profile"
        leftSection={<IconUserCircle size={18} stroke={1.7} />}
        active={location.pathname === '/profile'}
        onClick={onNavigate}
        styles={{ root: { borderRadius: 'var(--mantine-radius-md)' } }}
      />
    </Stack>
  );
}

function AccountMenu({ me }: { me: Me }) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const name = fullName(me.user.firstName, me.user.lastName);
  const signOut = async () => {
    try { await api.post('/auth/sign-out'); } finally {
      client.clear();
      void navigate('/sign-in');
    }
  };
  return (
    <Menu position="bottom-end" width={240} shadow="md">
      <Menu.Target>
        <UnstyledButton style={{ flexShrink: 0 }}>
          <VisuallyHidden>Account: {name}</VisuallyHidden>
          <Group gap={8} wrap="nowrap" aria-hidden>
            <Avatar color="indigo" radius="xl" size={32}>{initials(name)}</Avatar>
            <Text size="sm" fw={500} visibleFrom="sm" maw={180} truncate>{name}</Text>
            <IconChevronDown size={14} aria-hidden />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{me.user.email}</Menu.Label>
        <Menu.Item component={Link} to="/profile" leftSection={<IconUserCircle size={16} />}>Your profile</Menu.Item>
        <Menu.Item leftSection={<IconLogout size={16} />} onClick={() => void signOut()}>Sign out</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
