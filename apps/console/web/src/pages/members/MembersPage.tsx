import { ActionIcon, Badge, Box, Button, Group, Menu, Paper, Select, Tabs, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import {
  IconChevronLeft, IconChevronRight, IconDots, IconDownload, IconFilterOff, IconSearch, IconUpload, IconUserPlus, IconUsers,
} from '@tabler/icons-react';
import { lazy, Suspense, useCallback, useMemo, useRef, useState, type ReactNode } from 'react';
import { downloadUrl } from '../../api/client';
import { useRoles, useTags } from '../../api/queries';
import type { BulkActionBody, Member, MemberPage } from '../../api/types';
import { EmptyState, ErrorState, PageHeader } from '../../components/States';
import { useOrg } from '../../org-context';
import { AddUserModal } from './AddUserModal';
import { MemberConfirmations, type Confirmation } from './ConfirmDialogs';
import { EditUserModal } from './EditUserModal';
import { useInvitationAction, useMembersPage, useSetActive, type InvitationAction } from './member-api';
import { hasMemberActions } from './member-rules';
import { MembersTable, type RowHandlers, type TableLayout, type TableSelection } from './MembersTable';
import { MembersToolbar } from './MembersToolbar';
import { bulkRequest } from './bulk/bulk-api';
import { BulkBar, SelectionBanner, type BulkActionKey } from './bulk/BulkBar';
import type { ArgumentAction, BulkTask } from './bulk/task';
import { selectedOnPage, selectionBody, selectionCount, selectionWho, useSelection } from './selection';
import {
  filterKey, isFiltered, knownTotal, memberFilter, pageIndex, PAGE_SIZES, useMembersView, type MemberKind, type MembersView,
  type SortKey,
} from './view';

// The bulk dialogs (arguments, import, preview) are loaded the first time one opens: most visits never need them.
const BulkDialogs = lazy(() => import('./bulk/BulkDialogs').then((module) => ({ default: module.BulkDialogs })));

const ARGUMENT_ACTIONS: readonly BulkActionKey[] = ['change_role', 'add_tags', 'remove_tags', 'grant_access', 'revoke_access'];

const TAB_LABELS: Record<MemberKind, string> = { member: 'Members', external: 'External collaborators' };

/** The members and external collaborators of the organization: tabs, filters, pages, and the dialogs to invite, edit and remove people. */
export function MembersPage() {
  const org = useOrg();
  const { orgId, organization, can, rank } = org;
  const { view, update, goNext, goPrevious, goFirst } = useMembersView();
  const page = useMembersPage(orgId, view);
  const roles = useRoles(orgId);
  const tags = useTags(orgId);
  const wide = useMediaQuery('(min-width: 82em)', true, { getInitialValueInEffect: false });
  const roomy = useMediaQuery('(min-width: 62em)', true, { getInitialValueInEffect: false });
  const layout: TableLayout = wide ? 'wide' : roomy ? 'medium' : 'compact';

  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<Member | null>(null);
  const [confirmation, setConfirmation] = useState<Confirmation | null>(null);
  const setActive = useSetActive(orgId);
  const invitation = useInvitationAction(orgId);
  const top = useRef<HTMLDivElement>(null);

  const canInvite = can('members.invite');
  const withActions = hasMemberActions(org);
  // Every bulk action needs one of the permissions that give a row its actions.
  const selectable = withActions;
  const { selection, toggle, togglePage, selectMatching, clear: clearSelection } = useSelection(filterKey(view));
  const [task, setTask] = useState<BulkTask | null>(null);
  const [dialogsLoaded, setDialogsLoaded] = useState(false);
  const openTask = (next: BulkTask) => {
    setDialogsLoaded(true);
    setTask(next);
  };
  const allRoles = roles.data ?? [];
  const assignable = allRoles.filter((role) => role.rank <= rank);
  const counts = page.data?.counts;
  const data = page.data;
  const filtered = isFiltered(view);

  // The invitation prompt replaces the header's button, so there is one "Add user" on screen at a time.
  const tabEmpty = data !== undefined && !page.isPlaceholderData && !filtered && data.items.length === 0 && pageIndex(view) === 0;
  const onlyOwner = data !== undefined && !filtered && view.kind === 'member'
    && data.counts.byKind.member <= 1 && data.counts.byKind.external === 0;
  const invitePrompt = tabEmpty || onlyOwner;
  const addButton = <Button leftSection={<IconUserPlus size={18} aria-hidden />} onClick={() => setAdding(true)}>Add user</Button>;

  const scrollToTable = () => {
    const box = top.current?.getBoundingClientRect();
    if (box !== undefined && box.top < 60) window.scrollBy({ top: box.top - 72 });
  };

  // Stable, so the memoised rows are not rendered again when only the page around them changes.
  const { mutate: invitationMutate } = invitation;
  const { mutate: setActiveMutate } = setActive;
  // The rows on screen, read when a row is unpicked out of "everyone matching" (the rest of the page stays picked).
  const rows = useRef<Member[]>([]);
  rows.current = data?.items ?? [];
  const handlers = useMemo<RowHandlers>(() => ({
    onEdit: setEditing,
    onConfirm: setConfirmation,
    onInvitation: (member: Member, action: InvitationAction) => invitationMutate({ member, action }),
    onToggle: (member: Member, active: boolean) => setActiveMutate({ member, active }),
    onSelect: (member: Member, selected: boolean) => toggle(member, selected, rows.current),
  }), [invitationMutate, setActiveMutate, toggle]);
  const onSort = useCallback((sort: SortKey, order: 'asc' | 'desc') => update({ sort, order }), [update]);
  const onFilter = useCallback(
    (patch: Partial<MembersView>, options?: { replace?: boolean }) => update(patch, options),
    [update],
  );
  const clearFilters = () => update({ role: null, status: null, tag: null, q: '' });

  // Selection: the rows picked (on any page of this filter), or everyone the filter matches.
  const items = data?.items ?? [];
  const onPage = selectedOnPage(selection, items);
  const total = counts === undefined ? null : knownTotal(view, counts);
  const noun = view.kind === 'external' ? 'external collaborators' : 'members';
  const tableSelection: TableSelection | undefined = selectable ? {
    has: (memberId) => selection.mode === 'filter' || (selection.mode === 'ids' && selection.members.has(memberId)),
    onPage,
    onTogglePage: (checked) => togglePage(items, checked),
  } : undefined;
  const morePages = data !== undefined && (data.nextCursor !== null || pageIndex(view) > 0);
  const banner = !selectable || data === undefined || items.length === 0 ? null
    : selection.mode === 'filter' ? 'filter' as const
      : selection.mode === 'ids' && onPage === items.length && morePages && total !== items.length ? 'page' as const : null;
  const selectedWords = selectionCount(selection, total);
  const startAction = (action: BulkActionKey) => {
    const body = selectionBody(selection, view);
    if (ARGUMENT_ACTIONS.includes(action)) {
      openTask({ kind: 'arguments', action: action as ArgumentAction, selection: body, who: selectionWho(selection, total, noun) });
    } else {
      // The other actions take no arguments: straight to their preview.
      openTask({ kind: 'preview', preview: { request: bulkRequest(orgId, { action, ...body } as BulkActionBody) } });
    }
  };
  const canImport = can('members.manage');
  const exportHref = downloadUrl(`/orgs/${orgId}/members/export.csv`, memberFilter(view));

  let body: ReactNode;
  if (page.isError && data === undefined) {
    body = <ErrorState error={page.error} onRetry={() => void page.refetch()} />;
  } else if (data !== undefined && data.items.length === 0 && !page.isPlaceholderData) {
    if (pageIndex(view) > 0) {
      body = (
        <EmptyState
          title="Nobody is left on this page"
          description="The people who were here have been removed or moved by a change."
          action={<Button variant="default" onClick={goFirst}>Back to the first page</Button>}
        />
      );
    } else if (filtered) {
      body = (
        <EmptyState
          icon={<IconSearch size={26} />}
          title="No one matches these filters"
          description={view.q === '' ? 'Try another role or status.' : `Nobody's name or email contains “${view.q}” with these filters.`}
          action={<Button variant="default" leftSection={<IconFilterOff size={16} aria-hidden />} onClick={clearFilters}>Clear filters</Button>}
        />
      );
    } else {
      body = <InvitePrompt kind={view.kind} organizationName={organization.name} action={canInvite ? addButton : undefined} />;
    }
    body = <Paper withBorder radius="md">{body}</Paper>;
  } else {
    body = (
      <>
        {page.isError && <ErrorState error={page.error} onRetry={() => void page.refetch()} />}
        <Paper withBorder radius="md" style={{ overflow: 'clip' }}>
          {banner !== null && (
            <SelectionBanner
              mode={banner}
              onPage={items.length}
              total={total}
              noun={noun}
              filtered={isFiltered(view)}
              onSelectMatching={selectMatching}
              onClear={clearSelection}
            />
          )}
          <MembersTable
            members={data?.items ?? []}
            view={view}
            layout={layout}
            org={org}
            withActions={withActions}
            onSort={onSort}
            handlers={handlers}
            loading={data === undefined}
            busy={page.isPlaceholderData && page.isFetching}
            selection={tableSelection}
            catalogue={tags.data}
          />
          {data !== undefined && (
            <Pager
              view={view}
              page={data}
              compact={layout === 'compact'}
              busy={page.isPlaceholderData}
              onNext={(cursor) => { goNext(cursor); scrollToTable(); }}
              onPrevious={() => { goPrevious(); scrollToTable(); }}
              onLimit={(limit) => update({ limit })}
            />
          )}
        </Paper>
        {onlyOwner && data !== undefined && data.items.length > 0 && (
          <Paper withBorder radius="md" mt="md">
            <InvitePrompt kind="member" organizationName={organization.name} action={canInvite ? addButton : undefined} />
          </Paper>
        )}
      </>
    );
  }

  return (
    <>
      <PageHeader
        title="Members"
        description="Invite people, give them roles and manage their access."
        actions={data === undefined ? undefined : layout === 'compact' ? (
          <>
            {canInvite && !invitePrompt && addButton}
            {!tabEmpty && (
              <Menu position="bottom-end" width={200} shadow="md" withinPortal>
                <Menu.Target>
                  <ActionIcon variant="default" size={36} aria-label="Import and export">
                    <IconDots size={18} aria-hidden />
                  </ActionIcon>
                </Menu.Target>
                <Menu.Dropdown>
                  {canImport && (
                    <Menu.Item leftSection={<IconUpload size={16} aria-hidden />} onClick={() => openTask({ kind: 'import' })}>Import tags</Menu.Item>
                  )}
                  <Menu.Item component="a" href={exportHref} download leftSection={<IconDownload size={16} aria-hidden />}>Export CSV</Menu.Item>
                </Menu.Dropdown>
              </Menu>
            )}
          </>
        ) : (
          <>
            {canImport && !tabEmpty && (
              <Button variant="default" leftSection={<IconUpload size={18} aria-hidden />} onClick={() => openTask({ kind: 'import' })}>
                Import tags
              </Button>
            )}
            {!tabEmpty && (
              <Button component="a" href={exportHref} download variant="default" leftSection={<IconDownload size={18} aria-hidden />}>
                Export CSV
              </Button>
            )}
            {canInvite && !invitePrompt && addButton}
          </>
        )}
      />
      <div ref={top}>
        <Tabs value={view.kind} onChange={(value) => update({ kind: value === 'external' ? 'external' : 'member' })} keepMountedMode="display-none">
          <Tabs.List mb="md">
            {(['member', 'external'] as const).map((kind) => (
              <Tabs.Tab
                key={kind}
                value={kind}
                rightSection={counts === undefined ? null : (
                  <Badge size="sm" variant={view.kind === kind ? 'light' : 'default'} radius="xl">
                    {counts.byKind[kind].toLocaleString('en')}
                  </Badge>
                )}
              >
                {TAB_LABELS[kind]}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          {(['member', 'external'] as const).map((kind) => (
            <Tabs.Panel key={kind} value={kind}>
              {view.kind === kind && (
                <>
                  {!tabEmpty && (
                    <MembersToolbar view={view} roles={allRoles} tags={tags.data} counts={counts} layout={layout} onChange={onFilter} />
                  )}
                  {body}
                </>
              )}
            </Tabs.Panel>
          ))}
        </Tabs>
      </div>

      <AddUserModal opened={adding} onClose={() => setAdding(false)} roles={assignable} defaultKind={view.kind} />
      <EditUserModal member={editing} onClose={() => setEditing(null)} roles={assignable} />
      <MemberConfirmations confirmation={confirmation} onClose={() => setConfirmation(null)} />
      {selectable && (
        <BulkBar count={selectedWords} compact={layout === 'compact'} onAction={startAction} onClear={clearSelection} />
      )}
      {/* Room below the table, so the floating bar never hides its last rows or the pager. */}
      {selectedWords !== null && <Box h={88} aria-hidden />}
      {dialogsLoaded && (
        <Suspense fallback={null}>
          <BulkDialogs
            task={task}
            onTask={setTask}
            onApplied={() => {
              clearSelection();
              setTask(null);
            }}
          />
        </Suspense>
      )}
    </>
  );
}

function InvitePrompt({ kind, organizationName, action }: { kind: MemberKind; organizationName: string; action?: ReactNode }) {
  return (
    <EmptyState
      icon={<IconUsers size={26} />}
      title="Invite your first teammate"
      description={kind === 'member'
        ? `Add the people you work with to ${organizationName}. Each one gets an email with a link to join, and you choose what they can do.`
        : `External collaborators are people from a partner or vendor who work in ${organizationName}. Add one and choose “External collaborator”.`}
      action={action}
    />
  );
}

function Pager({ view, page, compact, busy, onNext, onPrevious, onLimit }: {
  view: MembersView;
  page: MemberPage;
  compact: boolean;
  busy: boolean;
  onNext: (cursor: string) => void;
  onPrevious: () => void;
  onLimit: (limit: number) => void;
}) {
  const index = pageIndex(view);
  const start = index * view.limit + 1;
  const end = index * view.limit + page.items.length;
  const total = knownTotal(view, page.counts) ?? (page.nextCursor === null ? end : null);
  const range = page.items.length === 0
    ? 'No one on this page'
    : `${start.toLocaleString('en')}–${end.toLocaleString('en')}${total === null ? '' : ` of ${total.toLocaleString('en')}`}`;
  const nextCursor = page.nextCursor;
  return (
    <Group
      justify="space-between"
      gap="sm"
      px={compact ? 'xs' : 'md'}
      py="sm"
      style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}
    >
      <Text size="sm" c="dimmed" aria-live="polite">{range}</Text>
      <Group gap="md" wrap="nowrap">
        <Group gap={8} wrap="nowrap">
          {!compact && <Text size="sm" c="dimmed" aria-hidden>Rows per page</Text>}
          <Select
            aria-label="Rows per page"
            size="xs"
            w={72}
            data={PAGE_SIZES.map(String)}
            value={String(view.limit)}
            onChange={(value) => value !== null && onLimit(Number(value))}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true, keepMounted: false }}
          />
        </Group>
        <Group gap={6} wrap="nowrap">
          <Button
            variant="default"
            size="xs"
            leftSection={<IconChevronLeft size={14} aria-hidden />}
            disabled={index === 0 || busy}
            onClick={onPrevious}
            aria-label="Previous page"
          >
            {compact ? null : 'Previous'}
          </Button>
          <Button
            variant="default"
            size="xs"
            rightSection={<IconChevronRight size={14} aria-hidden />}
            disabled={nextCursor === null || busy}
            onClick={() => nextCursor !== null && onNext(nextCursor)}
            aria-label="Next page"
          >
            {compact ? null : 'Next'}
          </Button>
        </Group>
      </Group>
    </Group>
  );
}
