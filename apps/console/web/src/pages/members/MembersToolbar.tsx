import { CloseButton, Group, Select, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch, IconTag } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import type { MemberCounts, MemberStatus, Role, Tag } from '../../api/types';
import { STATUS_LABELS, STATUS_ORDER } from '../../components/StatusBadge';
import type { TableLayout } from './MembersTable';
import { NO_ROLE, type MembersView, type SortKey, type SortOrder } from './view';

const ALL = 'all';

const SORT_CHOICES: Array<{ value: `${SortKey}:${SortOrder}`; label: string }> = [
  { value: 'name:asc', label: 'Name, A to Z' },
  { value: 'name:desc', label: 'Name, Z to A' },
  { value: 'email:asc', label: 'Email, A to Z' },
  { value: 'role:desc', label: 'Role, highest first' },
  { value: 'role:asc', label: 'Role, lowest first' },
  { value: 'lastConnection:desc', label: 'Last connection, latest first' },
  { value: 'lastConnection:asc', label: 'Last connection, oldest first' },
  { value: 'createdAt:desc', label: 'Added, newest first' },
  { value: 'createdAt:asc', label: 'Added, oldest first' },
];

/** Search, role, status and tag filters, and the sort (which the column headers also give, where the table has them). */
export function MembersToolbar({ view, roles, tags, counts, layout, onChange }: {
  view: MembersView;
  /** The organization's roles, for the role filter. */
  roles: Role[];
  /** The organization's tags, for the tag filter; the filter shows once there is one. */
  tags: readonly Tag[] | undefined;
  /** Numbers for the status filter; undefined until the first page loads. */
  counts: MemberCounts | undefined;
  /** How wide the table is: its fields share a row where there is room. */
  layout: TableLayout;
  /** Changes the view; `replace` replaces the history entry instead of adding one, for searches. */
  onChange: (patch: Partial<MembersView>, options?: { replace?: boolean }) => void;
}) {
  const statusData = [
    { value: ALL, label: 'All statuses' },
    ...STATUS_ORDER.map((status) => ({
      value: status,
      label: counts === undefined ? STATUS_LABELS[status] : `${STATUS_LABELS[status]} (${counts.byStatus[status].toLocaleString('en')})`,
    })),
  ];
  const roleData = [
    { value: ALL, label: 'All roles' },
    ...roles.map((role) => ({ value: role.id, label: role.name })),
    { value: NO_ROLE, label: 'Not activated' },
  ];
  const tagData = [
    { value: ALL, label: 'All tags' },
    ...(tags ?? []).map((tag) => ({ value: tag.id, label: tag.name })),
    // A tag deleted since the address was written: the filter still says what it holds.
    ...(view.tag !== null && tags !== undefined && !tags.some((tag) => tag.id === view.tag) ? [{ value: view.tag, label: 'A deleted tag' }] : []),
  ];
  const compact = layout === 'compact';
  const roomy = layout === 'wide';
  const tagged = tags !== undefined && tags.length > 0;
  const sortValue = `${view.sort}:${view.order}`;
  const field = compact ? { w: '100%' } : { w: roomy ? 180 : 160 };
  return (
    <Group gap="sm" align="flex-end" wrap={roomy ? 'nowrap' : 'wrap'} mb="md">
      <SearchBox value={view.q} onChange={(q) => onChange({ q }, { replace: true })} compact={compact} />
      <Select
        aria-label="Role"
        data={roleData}
        value={view.role ?? ALL}
        onChange={(value) => onChange(
          value === NO_ROLE
            // "Not activated" means no role, which is a status: the two filters would contradict each other.
            ? { role: NO_ROLE, status: null }
            : { role: value === null || value === ALL ? null : value },
        )}
        allowDeselect={false}
        comboboxProps={{ withinPortal: true, keepMounted: false }}
        {...field}
      />
      <Select
        aria-label="Status"
        data={statusData}
        value={view.status ?? ALL}
        onChange={(value) => {
          const status = value === null || value === ALL ? null : (value as MemberStatus);
          onChange(view.role === NO_ROLE && status !== null ? { status, role: null } : { status });
        }}
        allowDeselect={false}
        comboboxProps={{ withinPortal: true, keepMounted: false }}
        {...field}
      />
      {((tags !== undefined && tags.length > 0) || view.tag !== null) && (
        <Select
          aria-label="Tag"
          data={tagData}
          value={view.tag ?? ALL}
          onChange={(value) => onChange({ tag: value === null || value === ALL ? null : value })}
          allowDeselect={false}
          searchable={tagData.length > 12}
          leftSection={<IconTag size={16} aria-hidden />}
          comboboxProps={{ withinPortal: true, keepMounted: false }}
          {...field}
        />
      )}
      {/* For tables without every sortable header: narrower ones, and wide ones whose tags took the email's column. */}
      {(!roomy || tagged) && (
        <Select
          aria-label="Sort by"
          data={SORT_CHOICES}
          value={SORT_CHOICES.some((choice) => choice.value === sortValue) ? sortValue : null}
          onChange={(value) => {
            const [sort, order] = (value ?? 'name:asc').split(':') as [SortKey, SortOrder];
            onChange({ sort, order });
          }}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true, keepMounted: false }}
          {...field}
        />
      )}
    </Group>
  );
}

/** The search box: it asks the API after a pause in typing, and follows the URL when it changes (back, "Clear filters"). */
function SearchBox({ value, onChange, compact }: { value: string; onChange: (q: string) => void; compact: boolean }) {
  const [text, setText] = useState(value);
  const [debounced] = useDebouncedValue(text.trim(), 150);
  const written = useRef(value);

  useEffect(() => {
    if (value !== written.current) {
      written.current = value;
      setText(value);
    }
  }, [value]);

  useEffect(() => {
    // Only once the pause has caught up with the text: a stale value must never be written back.
    if (debounced === text.trim() && debounced !== written.current) {
      written.current = debounced;
      onChange(debounced);
    }
  }, [debounced, text, onChange]);

  // Clearing is applied at once, not after the pause: a tab switch right after must not bring the old search back.
  const clear = () => {
    setText('');
    if (written.current !== '') {
      written.current = '';
      onChange('');
    }
  };

  return (
    <TextInput
      aria-label="Search members"
      placeholder="Search by name or email"
      value={text}
      onChange={(event) => setText(event.currentTarget.value)}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && text !== '') clear();
      }}
      leftSection={<IconSearch size={16} aria-hidden />}
      rightSection={text === '' ? null : <CloseButton size="sm" aria-label="Clear search" onClick={clear} />}
      style={compact ? { width: '100%' } : { flex: '1 1 auto', minWidth: 180, maxWidth: 420 }}
    />
  );
}
