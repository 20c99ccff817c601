import { ActionIcon, Anchor, Avatar, Badge, Button, Checkbox, Group, Menu, Skeleton, Stack, Switch, Table, Text, UnstyledButton } from '@mantine/core';
import {
  IconArrowDown, IconArrowUp, IconArrowsSort, IconCalendarPlus, IconDotsVertical, IconKey, IconMailForward, IconMailOff, IconPencil,
  IconTrash, IconUserMinus,
} from '@tabler/icons-react';
import { memo, useMemo, type CSSProperties, type ReactNode } from 'react';
import { Link } from 'react-router';
import type { Member, Tag } from '../../api/types';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDate, initials } from '../../format';
import type { OrgContextValue } from '../../org-context';
import type { InvitationAction } from './member-api';
import { memberName, rowAccess, type RowAccess } from './member-rules';
import type { Confirmation } from './ConfirmDialogs';
import { TagsCell } from './TagsCell';
import type { MembersView, SortKey } from './view';

/**
 * How much room the table has: every column (`wide`; once the organization has tags, their column takes the email's
 * place and the email goes under the name), the main ones, with the email and tags under the name (`medium`), or a
 * phone's.
 */
export type TableLayout = 'wide' | 'medium' | 'compact';

/** What a row's actions ask the page to do. */
export interface RowHandlers {
  /** Opens the edit dialog for the member. */
  onEdit: (member: Member) => void;
  /** Asks before revoking an invitation, removing or deleting. */
  onConfirm: (confirmation: Confirmation) => void;
  /** Resends or renews the member's invitation at once; revoking goes through `onConfirm`. */
  onInvitation: (member: Member, action: InvitationAction) => void;
  /** Reactivates (`true`) or deactivates (`false`) the member. */
  onToggle: (member: Member, active: boolean) => void;
  /** Picks or unpicks the member for a bulk action. */
  onSelect: (member: Member, selected: boolean) => void;
}

/** The selection column's state, when the table has one. */
export interface TableSelection {
  /** Whether this member is selected. */
  has: (memberId: string) => boolean;
  /** How many rows of this page are selected. */
  onPage: number;
  /** Picks or unpicks every row of the page. */
  onTogglePage: (selected: boolean) => void;
}

interface Column {
  key: string;
  label: string;
  sort?: SortKey;
  /** The first click sorts this way (the newest connection, the highest role first). */
  firstOrder?: 'asc' | 'desc';
  width?: number | string;
  hidden?: boolean;
}

function columnsFor(layout: TableLayout, withActions: boolean, selectable: boolean, tagged: boolean): Column[] {
  const wide = layout === 'wide';
  const compact = layout === 'compact';
  const all: Column[] = [
    { key: 'select', label: 'Select', width: compact ? 36 : 44, hidden: !selectable },
    { key: 'name', label: 'Name', sort: 'name' },
    { key: 'role', label: 'Role', sort: 'role', firstOrder: 'desc', width: wide ? 150 : 164, hidden: compact },
    { key: 'email', label: 'Email', sort: 'email', width: '22%', hidden: !wide || tagged },
    { key: 'status', label: 'Status', width: wide ? 156 : 168, hidden: compact },
    { key: 'tags', label: 'Tags', width: 200, hidden: !wide || !tagged },
    { key: 'lastConnection', label: 'Last connection', sort: 'lastConnection', firstOrder: 'desc', width: 168, hidden: !wide },
    { key: 'active', label: 'Active', width: 76, hidden: !withActions || compact },
    { key: 'actions', label: 'Actions', width: compact ? 108 : 64, hidden: !withActions },
  ];
  return all.filter((column) => column.hidden !== true);
}

const ellipsis: CSSProperties = { minWidth: 0, overflow: 'hidden' };

/** The members table: sortable headers and one row per member, with the active switch and action menu where allowed. */
export function MembersTable({ members, view, layout, org, withActions, onSort, handlers, loading, busy, footer, selection, catalogue }: {
  members: Member[];
  /** The sort the headers show. */
  view: MembersView;
  layout: TableLayout;
  /** The signed-in person's access, which decides each row's actions. */
  org: OrgContextValue;
  /** Whether I may act on members at all (switch and menu columns). */
  withActions: boolean;
  /** Asks for another sort when a header is clicked. */
  onSort: (sort: SortKey, order: 'asc' | 'desc') => void;
  handlers: RowHandlers;
  /** The first load: skeleton rows. */
  loading: boolean;
  /** The rows are those of the previous page while the next one loads. */
  busy: boolean;
  /** Rendered inside the table, after its rows. */
  footer?: ReactNode;
  /** The selection column's state; no such column without it. */
  selection?: TableSelection;
  /** The organization's tags, offered when editing a row's. */
  catalogue: readonly Tag[] | undefined;
}) {
  const selectable = selection !== undefined;
  // Until the organization has a tag, a column of empty cells would only take room from the names.
  const tagged = catalogue !== undefined && catalogue.length > 0;
  const columns = useMemo(() => columnsFor(layout, withActions, selectable, tagged), [layout, withActions, selectable, tagged]);
  return (
    <Table
      aria-label="Members"
      aria-busy={busy || loading}
      highlightOnHover
      stickyHeader
      stickyHeaderOffset={60}
      layout="fixed"
      verticalSpacing="sm"
      horizontalSpacing={layout === 'compact' ? 'xs' : 'md'}
      styles={{ thead: { zIndex: 2 }, th: { whiteSpace: 'nowrap', background: 'var(--mantine-color-body)' } }}
    >
      <Table.Thead>
        <Table.Tr>
          {columns.map((column) => column.key === 'select' && selection !== undefined ? (
            <Table.Th key={column.key} w={column.width}>
              <Checkbox
                aria-label="Select every member on this page"
                checked={members.length > 0 && selection.onPage === members.length}
                indeterminate={selection.onPage > 0 && selection.onPage < members.length}
                disabled={loading || members.length === 0}
                onChange={(event) => selection.onTogglePage(event.currentTarget.checked)}
                size="sm"
              />
            </Table.Th>
          ) : (
            <HeaderCell key={column.key} column={column} view={view} onSort={onSort} />
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody style={{ opacity: busy ? 0.55 : 1, transition: 'opacity 120ms ease' }}>
        {loading
          ? Array.from({ length: 8 }, (_, index) => <SkeletonRow key={index} columns={columns} />)
          : members.map((member) => (
            <MemberRow
              key={member.id}
              member={member}
              columns={columns}
              layout={layout}
              org={org}
              handlers={handlers}
              selected={selection?.has(member.id) === true}
              catalogue={catalogue}
            />
          ))}
      </Table.Tbody>
      {footer}
    </Table>
  );
}

function HeaderCell({ column, view, onSort }: { column: Column; view: MembersView; onSort: (sort: SortKey, order: 'asc' | 'desc') => void }) {
  const hideLabel = column.key === 'actions';
  if (column.sort === undefined) {
    return (
      <Table.Th w={column.width}>
        {hideLabel ? <span className="visually-hidden">{column.label}</span> : column.label}
      </Table.Th>
    );
  }
  const sort = column.sort;
  const active = view.sort === sort;
  const nextOrder = active ? (view.order === 'asc' ? 'desc' : 'asc') : column.firstOrder ?? 'asc';
  const Icon = !active ? IconArrowsSort : view.order === 'asc' ? IconArrowUp : IconArrowDown;
  return (
    <Table.Th w={column.width} aria-sort={active ? (view.order === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <UnstyledButton
        onClick={() => onSort(sort, nextOrder)}
        style={{ font: 'inherit', fontWeight: 'inherit', color: 'inherit', display: 'inline-flex', alignItems: 'center', gap: 6 }}
      >
        {column.label}
        <Icon size={14} stroke={2} aria-hidden style={{ opacity: active ? 1 : 0.45 }} />
      </UnstyledButton>
    </Table.Th>
  );
}

function SkeletonRow({ columns }: { columns: Column[] }) {
  const short = (key: string) => key === 'actions' || key === 'active' || key === 'select';
  return (
    <Table.Tr aria-hidden>
      {columns.map((column) => (
        <Table.Td key={column.key}>
          {column.key === 'name' ? (
            <Group gap="sm" wrap="nowrap">
              <Skeleton circle height={36} />
              <Stack gap={6} style={{ flex: 1 }}>
                <Skeleton height={10} width="60%" />
                <Skeleton height={8} width="40%" />
              </Stack>
            </Group>
          ) : (
            <Skeleton height={10} width={short(column.key) ? 18 : '70%'} />
          )}
        </Table.Td>
      ))}
    </Table.Tr>
  );
}

// Memoised: while the next page or filter loads, the previous rows are the same objects and are
// not rendered again, so the request leaves sooner; a changed member re-renders only its row.
const MemberRow = memo(function MemberRow({ member, columns, layout, org, handlers, selected, catalogue }: {
  member: Member;
  columns: Column[];
  layout: TableLayout;
  org: OrgContextValue;
  handlers: RowHandlers;
  selected: boolean;
  catalogue: readonly Tag[] | undefined;
}) {
  const access = rowAccess(member, org);
  const name = memberName(member);
  const tags = <TagsCell member={member} name={name} editable={access.tags} catalogue={catalogue} max={layout === 'wide' ? 3 : 2} />;
  const cells: Record<string, ReactNode> = {
    select: (
      <Checkbox aria-label={`Select ${name}`} checked={selected} onChange={(event) => handlers.onSelect(member, event.currentTarget.checked)} size="sm" />
    ),
    name: (
      <NameCell
        member={member}
        name={name}
        layout={layout}
        self={access.self}
        orgId={org.orgId}
        tags={(layout === 'medium' || layout === 'compact') && catalogue !== undefined && catalogue.length > 0 ? tags : null}
        emailColumn={columns.some((column) => column.key === 'email')}
      />
    ),
    role: member.role === null ? <Text size="sm" c="dimmed">No role</Text> : <Text size="sm" truncate title={member.role.name}>{member.role.name}</Text>,
    email: <Text size="sm" c="dimmed" truncate title={member.email ?? undefined}>{member.email ?? '—'}</Text>,
    status: <StatusCell member={member} />,
    tags,
    lastConnection: (
      <Text size="sm" c={member.lastConnectionAt === null ? 'dimmed' : undefined}>{formatDate(member.lastConnectionAt, 'Never')}</Text>
    ),
    active: access.toggle ? <ActiveSwitch member={member} name={name} onToggle={handlers.onToggle} /> : null,
    actions: access.self ? <ProfileLink compact={layout === 'compact'} /> : (
      <Group gap={6} wrap="nowrap" justify="flex-end">
        {layout === 'compact' && access.toggle && <ActiveSwitch member={member} name={name} onToggle={handlers.onToggle} />}
        <RowMenu member={member} name={name} access={access} handlers={handlers} orgId={org.orgId} />
      </Group>
    ),
  };
  return (
    <Table.Tr data-member-id={member.id} data-email={member.email ?? ''} data-status={member.status} data-selected={selected || undefined}>
      {columns.map((column) => {
        // My own row: no switch, no menu; the link to my profile takes both cells.
        if (access.self && column.key === 'active') return null;
        const span = access.self && column.key === 'actions' && columns.some((other) => other.key === 'active') ? 2 : undefined;
        return (
          <Table.Td key={column.key} colSpan={span} style={column.key === 'name' ? ellipsis : access.self && column.key === 'actions' ? { paddingInline: 4 } : undefined}>{cells[column.key]}</Table.Td>
        );
      })}
    </Table.Tr>
  );
});

/** On my own row: what I would change about myself is on my profile. */
function ProfileLink({ compact }: { compact: boolean }) {
  return (
    <Group justify="flex-end" wrap="nowrap">
      <Button component={Link} to="/profile" variant="subtle" size={compact ? 'compact-xs' : 'compact-sm'} px={6}>Your profile</Button>
    </Group>
  );
}

function NameCell({ member, name, layout, self, orgId, tags, emailColumn }: {
  member: Member;
  name: string;
  layout: TableLayout;
  self: boolean;
  orgId: string;
  /** The tags, shown under the name where the table has no tags column. */
  tags: ReactNode;
  /** Whether the email has a column of its own (otherwise it goes under the name). */
  emailColumn: boolean;
}) {
  const secondary = emailColumn ? member.description : member.email ?? '';
  return (
    <Group gap="sm" wrap="nowrap" style={ellipsis}>
      <Avatar color="indigo" variant="light" radius="xl" size={layout === 'compact' ? 32 : 36} aria-hidden>
        {initials(name)}
      </Avatar>
      <Stack gap={1} style={{ ...ellipsis, flex: 1 }}>
        <Group gap={6} wrap="nowrap" style={ellipsis}>
          <Anchor component={Link} to={`/orgs/${orgId}/members/${member.id}`} size="sm" fw={600} underline="hover" truncate title={name}>
            {name}
          </Anchor>
          {self && <Badge size="xs" variant="light" color="indigo" radius="sm" tt="none" style={{ flexShrink: 0 }}>You</Badge>}
        </Group>
        {secondary !== '' && <Text size="xs" c="dimmed" truncate title={secondary}>{secondary}</Text>}
        {!emailColumn && member.description !== '' && (
          <Text size="xs" c="dimmed" truncate title={member.description}>{member.description}</Text>
        )}
        {layout === 'compact' && (
          <Group gap={6} mt={4} wrap="wrap">
            <StatusBadge status={member.status} />
            {member.role !== null && <Text size="xs" c="dimmed">{member.role.name}</Text>}
          </Group>
        )}
        {tags !== null && (member.tags.length > 0 || layout === 'medium') && <div style={{ marginTop: 4, minWidth: 0 }}>{tags}</div>}
      </Stack>
    </Group>
  );
}

function StatusCell({ member }: { member: Member }) {
  const expiry = member.invitation?.expiresAt;
  return (
    <Stack gap={2} align="flex-start">
      <StatusBadge status={member.status} />
      {expiry !== undefined && member.status === 'invite_pending' && <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>Expires {formatDate(expiry)}</Text>}
      {expiry !== undefined && member.status === 'invite_expired' && <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>Expired {formatDate(expiry)}</Text>}
    </Stack>
  );
}

function ActiveSwitch({ member, name, onToggle }: { member: Member; name: string; onToggle: (member: Member, active: boolean) => void }) {
  return (
    <Switch
      aria-label={`Active: ${name}`}
      checked={member.status === 'active'}
      onChange={(event) => onToggle(member, event.currentTarget.checked)}
      color="teal"
      size="sm"
    />
  );
}

function RowMenu({ member, name, access, handlers, orgId }: { member: Member; name: string; access: RowAccess; handlers: RowHandlers; orgId: string }) {
  const memberItems = access.remove || access.erase;
  return (
    <Menu position="bottom-end" width={260} shadow="md" withinPortal withInitialFocusPlaceholder={false}>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" size="lg" aria-label={`Actions for ${name}`}>
          <IconDotsVertical size={18} aria-hidden />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        {access.edit && (
          <Menu.Item leftSection={<IconPencil size={16} aria-hidden />} onClick={() => handlers.onEdit(member)}>Edit</Menu.Item>
        )}
        <Menu.Item component={Link} to={`/orgs/${orgId}/members/${member.id}/access`} leftSection={<IconKey size={16} aria-hidden />}>
          Access…
        </Menu.Item>
        {access.resend && (
          <Menu.Item leftSection={<IconMailForward size={16} aria-hidden />} onClick={() => handlers.onInvitation(member, 'resend')}>
            Resend invitation
          </Menu.Item>
        )}
        {access.renew && (
          <Menu.Item leftSection={<IconCalendarPlus size={16} aria-hidden />} onClick={() => handlers.onInvitation(member, 'renew')}>
            Renew invitation
          </Menu.Item>
        )}
        {(access.revoke || memberItems) && <Menu.Divider />}
        {access.revoke && (
          <Menu.Item color="red.8" leftSection={<IconMailOff size={16} aria-hidden />} onClick={() => handlers.onConfirm({ action: 'revoke', member })}>
            Revoke invitation
          </Menu.Item>
        )}
        {access.remove && (
          <Menu.Item color="red.8" leftSection={<IconUserMinus size={16} aria-hidden />} onClick={() => handlers.onConfirm({ action: 'remove', member })}>
            Remove from organization
          </Menu.Item>
        )}
        {access.erase && (
          <Menu.Item color="red.8" leftSection={<IconTrash size={16} aria-hidden />} onClick={() => handlers.onConfirm({ action: 'delete', member })}>
            Delete user
          </Menu.Item>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}
