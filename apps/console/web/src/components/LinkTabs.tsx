import { Box, Group, UnstyledButton } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

/** One tab: its own address, so reload, back and a shared link land on it. */
export interface LinkTab {
  to: string;
  label: string;
  icon?: ReactNode;
}

/**
 * Tabs that are links: the parts of a page that each have their own address (a member's
 * details and access, the settings' sections). Announced as a navigation with the current
 * part, since following one loads another address rather than showing a hidden panel.
 */
export function LinkTabs({ label, tabs, current }: {
  /** Names the navigation for screen readers, such as "Settings sections". */
  label: string;
  tabs: LinkTab[];
  /** The `to` of the tab shown. */
  current: string;
}) {
  return (
    <Box component="nav" aria-label={label} mb="lg" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)', overflowX: 'auto' }}>
      <Group gap={4} wrap="nowrap" component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
        {tabs.map((tab) => {
          const active = tab.to === current;
          return (
            <li key={tab.to}>
              <UnstyledButton
                component={Link}
                to={tab.to}
                className="link-tab"
                aria-current={active ? 'page' : undefined}
                px={{ base: 'xs', xs: 'md' }}
                py={10}
                fz="sm"
                fw={active ? 600 : 500}
                c={active ? 'indigo.8' : 'gray.8'}
                style={{
                  display: 'flex',
                  alignItems: 'center',
                  gap: 8,
                  whiteSpace: 'nowrap',
                  // The underline marks the current tab along with the weight, not colour alone.
                  borderBottom: `2px solid ${active ? 'var(--mantine-color-indigo-7)' : 'transparent'}`,
                  marginBottom: -1,
                }}
              >
                {/* On a phone the words alone keep every tab on screen. */}
                {tab.icon !== undefined && <Box component="span" visibleFrom="xs" style={{ display: 'inline-flex' }}>{tab.icon}</Box>}
                {tab.label}
              </UnstyledButton>
            </li>
          );
        })}
      </Group>
    </Box>
  );
}
