import { Badge, Button, Group, Paper, Select, Tabs, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconChevronLeft, IconChevronRight, IconFilterOff, IconSearch, IconUserPlus, IconUsers } from '@tabler/icons-react';
import { useCallback, useMemo, useRef, useState, type ReactNode } from 'react';
import { useRoles } from '../../api/queries';
import type { Member, MemberPage } from '../../api/types';
import { EmptyState, ErrorState, PageHeader } from '../../components/States';
import { useOrg } from '../../org-context';
import { AddUserModal } from './AddUserModal';
import { MemberConfirmations, type Confirmation } from './ConfirmDialogs';
import { EditUserModal } from './EditUserModal';
import { useInvitationAction, useMembersPage, useSetActive, type InvitationAction } from './member-api';
import { hasMemberActions } from './member-rules';
import { MembersTable, type RowHandlers, type TableLayout } from './MembersTable';
import { MembersToolbar } from './MembersToolbar';
import { isFiltered, knownTotal, pageIndex, PAGE_SIZES, useMembersView, type MemberKind, type MembersView, type SortKey } from './view';

const TAB_LABELS: Record<MemberKind, string> = { member: 'Members', external: 'External collaborators' };

/** The members and external collaborators of the organization: tabs, filters, pages, and the dialogs to invite, edit and remove people. */
export function MembersPage() {
  const org = useOrg();
  const { orgId, organization, can, rank } = org;
  const { view, update, goNext, goPrevious, goFirst } = useMembersView();
  const page = useMembersPage(orgId, view);
  const roles = useRoles(orgId);
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
  const handlers = useMemo<RowHandlers>(() => ({
    onEdit: setEditing,
    onConfirm: setConfirmation,
    onInvitation: (member: Member, action: InvitationAction) => invitationMutate({ member, action }),
    onToggle: (member: Member, active: boolean) => setActiveMutate({ member, active }),
  }), [invitationMutate, setActiveMutate]);
  const onSort = useCallback((sort: SortKey, order: 'asc' | 'desc') => update({ sort, order }), [update]);
  const onFilter = useCallback(
    (patch: Partial<MembersView>, options?: { replace?: boolean }) => update(patch, options),
    [update],
  );
  const clearFilters = () => update({ role: null, status: null, q: '' });

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
        actions={canInvite && data !== undefined && !invitePrompt ? addButton : undefined}
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
                  {!tabEmpty && <MembersToolbar view={view} roles={allRoles} counts={counts} layout={layout} onChange={onFilter} />}
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
