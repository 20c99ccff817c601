import {
  Alert, Box, Button, Group, List, Modal, Paper, Progress, ScrollArea, SegmentedControl, SimpleGrid, Stack, Table, Text,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconAlertTriangle, IconBan, IconCircleCheck, IconInfoCircle } from '@tabler/icons-react';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { ApiError } from '../../../api/client';
import { errorMessage } from '../../../api/messages';
import { keys, useResourceTypes } from '../../../api/queries';
import type { Plan, PlanRow, PlanRowPage } from '../../../api/types';
import { FormError } from '../../../components/FormError';
import { notify } from '../../../components/notify';
import { ErrorState, LoadingState } from '../../../components/States';
import { TagChip } from '../../../components/TagChip';
import { plural } from '../../../format';
import { useOrg } from '../../../org-context';
import { applyPlan, fetchPlanRows, type PlanRequest } from './bulk-api';
import { ACTION_WORDS, ChangeList } from './describe-plan';

/** A preview to show: the request that makes the plan and, when it was already made, the plan. */
export interface PreviewTask {
  request: PlanRequest;
  /** The plan, when the dialog that asked for it already has it (an import, an action with arguments). */
  plan?: Plan;
}

type Outcome = PlanRow['outcome'];
type RowFilter = 'all' | Outcome;

// What each action does to the people it changes, said before applying.
const NOTES: Partial<Record<PlanRequest['action'], string>> = {
  deactivate: 'Deactivated members lose access at once and their sessions end; they keep their place and can be reactivated.',
  remove: 'Removed members lose access at once and leave the members table. Their work stays in the organization.',
  delete: 'Deleted users lose access at once and their names and emails are erased from the organization’s records. This cannot be undone.',
  resend_invitation: 'Each invitee gets a new link by email; the links sent before stop working.',
};

/**
 * The dry-run preview shared by bulk actions and tag imports: what will change, row by row, what is refused and why,
 * then "Apply" does it all at once. When the organization changed since the preview, it says so and previews again.
 */
export function PreviewDialog({ task, onClose, onApplied }: {
  /** The preview to show; null closes the dialog. */
  task: PreviewTask | null;
  onClose: () => void;
  /** Called once the plan is applied (the dialog closes itself too). */
  onApplied: () => void;
}) {
  const phone = useMediaQuery('(max-width: 40em)');
  // The last task stays on screen while the dialog closes, so its words do not vanish mid-animation.
  const [last, setLast] = useState(task);
  if (task !== null && task !== last) setLast(task);
  const shown = task ?? last;
  const [busy, setBusy] = useState(false);
  const title = shown === null ? '' : shown.request.action === 'import_tags' && shown.request.fileName !== undefined
    ? `Preview: import tags from ${shown.request.fileName}`
    : `Preview: ${ACTION_WORDS[shown.request.action].title.toLowerCase()}`;
  return (
    <Modal
      opened={task !== null}
      onClose={onClose}
      title={title}
      size="xl"
      fullScreen={phone === true}
      // While the changes are being applied, the dialog stays until the answer comes.
      closeOnClickOutside={!busy}
      closeOnEscape={!busy}
      withCloseButton={!busy}
    >
      {shown !== null && <PreviewBody key={keyOf(shown)} task={shown} onClose={onClose} onApplied={onApplied} onBusy={setBusy} />}
    </Modal>
  );
}

const taskKeys = new WeakMap<PreviewTask, number>();
let nextTaskKey = 0;
function keyOf(task: PreviewTask): number {
  let key = taskKeys.get(task);
  if (key === undefined) {
    key = ++nextTaskKey;
    taskKeys.set(task, key);
  }
  return key;
}

function PreviewBody({ task, onClose, onApplied, onBusy }: { task: PreviewTask; onClose: () => void; onApplied: () => void; onBusy: (busy: boolean) => void }) {
  const { orgId } = useOrg();
  const client = useQueryClient();
  const [plan, setPlan] = useState<Plan | null>(task.plan ?? null);
  const preview = useMutation({ mutationFn: () => task.request.run(), onSuccess: (made) => setPlan(made) });
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const apply = useMutation({
    mutationFn: (planId: string) => applyPlan(orgId, planId, (done, total) => setProgress({ done, total })),
    onMutate: () => onBusy(true),
    onSettled: () => {
      onBusy(false);
      setProgress(null);
    },
    onSuccess: async (result) => {
      const refused = plan?.summary.refused ?? 0;
      notify({
        color: 'teal',
        title: ACTION_WORDS[task.request.action].done(result.changed),
        message: [
          result.tagsCreated.length > 0 ? `New ${result.tagsCreated.length === 1 ? 'tag' : 'tags'} in the catalogue: ${result.tagsCreated.join(', ')}.` : '',
          refused > 0 ? `Nothing changed for the ${plural(refused, task.request.action === 'import_tags' ? 'refused line' : 'refused member')}.` : '',
        ].filter(Boolean).join(' ') || 'The members table shows the changes.',
      });
      onApplied();
      await client.invalidateQueries({ queryKey: keys.org(orgId) });
    },
  });
  // A plan is made once per task; the ref keeps a second development-mode effect from making another.
  const started = useRef(false);
  useEffect(() => {
    if (plan === null && !started.current) {
      started.current = true;
      preview.mutate();
    }
  }, [plan, preview]);

  const again = () => {
    apply.reset();
    preview.mutate();
  };

  if (preview.isError) {
    return (
      <Stack gap="md">
        <ErrorState error={preview.error} onRetry={again} />
        <Group justify="flex-end"><Button variant="default" onClick={onClose}>Close</Button></Group>
      </Stack>
    );
  }
  if (plan === null || preview.isPending) return <LoadingState label="Preparing the preview…" />;

  const { summary } = plan;
  const applyError = apply.error instanceof ApiError ? apply.error : null;
  const outdated = applyError !== null && (applyError.code === 'plan.stale' || applyError.code === 'plan.expired');
  const alreadyApplied = applyError?.code === 'plan.already_applied';
  const nothing = summary.changes === 0;
  const note = NOTES[task.request.action];
  const destructive = ACTION_WORDS[task.request.action].destructive === true;

  return (
    <Stack gap="md" data-plan-id={plan.id}>
      <Text size="sm" c="gray.7">
        Nothing has changed yet. Check what will happen, then apply: it is done all at once, or not at all.
      </Text>
      <Summary plan={plan} />
      {summary.tagsToCreate.length > 0 && (
        <Group gap={6} wrap="wrap" data-tags-to-create>
          <Text size="sm" fw={600}>New tags for the catalogue:</Text>
          {summary.tagsToCreate.map((name) => <TagChip key={name} tone="added">{name}</TagChip>)}
        </Group>
      )}
      {summary.refused > 0 && <Refusals plan={plan} noun={task.request.action === 'import_tags' ? 'line' : 'member'} />}
      {summary.rows > 0 && <Rows plan={plan} importing={task.request.action === 'import_tags'} />}

      {nothing && !outdated && (
        <Alert color="gray" variant="light" icon={<IconInfoCircle size={18} />} title="Nothing would change" data-nothing-to-apply>
          {summary.rows === 0
            ? 'No member is concerned.'
            : summary.refused > 0 ? 'Every row is refused or already as asked, so there is nothing to apply.' : 'Every member is already as asked.'}
        </Alert>
      )}
      {!nothing && note !== undefined && !outdated && <Text size="sm">{note}</Text>}
      {outdated && (
        <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} role="alert" data-plan-outdated={applyError.code}
          // The title in the dark orange of the "Invite expired" badge: Mantine's own orange is below 4.5:1 here.
          styles={{ title: { color: '#8a3c00' } }}
          title={applyError.code === 'plan.stale' ? 'The organization changed since this preview' : 'This preview has expired'}
        >
          <Stack gap="xs" align="flex-start">
            <Text size="sm">
              {applyError.code === 'plan.stale'
                ? 'Some of these members were changed after the preview was made, so it may no longer be right. Nothing was applied.'
                : 'Previews can be applied for a limited time only. Nothing was applied.'}
              {' '}Preview again to see what would happen now.
            </Text>
          </Stack>
        </Alert>
      )}
      {alreadyApplied && (
        <Alert color="teal" variant="light" icon={<IconCircleCheck size={18} />} role="alert" title="These changes were already applied">
          <Text size="sm">Nothing more to do: the members table shows them.</Text>
        </Alert>
      )}
      {apply.isError && !outdated && !alreadyApplied && <FormError>{errorMessage(apply.error)}</FormError>}
      {apply.isPending && (
        <Stack gap={4} role="status" aria-live="polite">
          <Text size="sm">
            Applying{progress === null ? '…' : ` — ${progress.done.toLocaleString('en')} of ${plural(progress.total, 'member')}`}
          </Text>
          <Progress
            value={progress === null || progress.total === 0 ? 100 : (progress.done / progress.total) * 100}
            animated={progress === null}
            striped={progress === null}
            aria-label="Applying the changes"
          />
        </Stack>
      )}

      <Group justify="flex-end" gap="sm">
        {nothing || alreadyApplied ? (
          <Button variant="default" onClick={onClose} data-autofocus>Close</Button>
        ) : outdated ? (
          <>
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button onClick={again} loading={preview.isPending}>Preview again</Button>
          </>
        ) : (
          <>
            <Button variant="default" onClick={onClose} disabled={apply.isPending} data-autofocus>Cancel</Button>
            <Button color={destructive ? 'red.8' : undefined} onClick={() => apply.mutate(plan.id)} loading={apply.isPending}>
              Apply {plural(summary.changes, 'change')}
            </Button>
          </>
        )}
      </Group>
    </Stack>
  );
}

function Summary({ plan }: { plan: Plan }) {
  const { summary } = plan;
  const items = [
    { key: 'changes', count: summary.changes, label: 'will change', color: 'teal.9' },
    { key: 'unchanged', count: summary.unchanged, label: 'unchanged', color: 'gray.9' },
    { key: 'refused', count: summary.refused, label: 'refused', color: summary.refused > 0 ? 'red.9' : 'gray.9' },
  ];
  return (
    <SimpleGrid cols={3} spacing="sm" aria-label="Summary" role="group">
      {items.map((item) => (
        <Paper key={item.key} withBorder radius="md" px="md" py="xs" data-summary={item.key} data-count={item.count}>
          <Text fz={22} fw={700} lh={1.3} c={item.color}>{item.count.toLocaleString('en')}</Text>
          <Text size="sm" c="gray.7">{item.label}</Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}

/** Rows of one outcome (or of every one), 500 at a time; the plan carries the first page of "every one". */
function usePlanRows(plan: Plan, outcome: Outcome | undefined, enabled: boolean) {
  const { orgId } = useOrg();
  return useInfiniteQuery({
    queryKey: [...keys.plan(orgId, plan.id), 'rows', outcome ?? 'all'],
    queryFn: ({ pageParam }) => fetchPlanRows(orgId, plan.id, pageParam, outcome),
    initialPageParam: 0,
    getNextPageParam: (page: PlanRowPage) => page.nextOffset ?? undefined,
    ...(outcome === undefined && { initialData: { pages: [{ items: plan.rows, nextOffset: plan.nextOffset }], pageParams: [0] } }),
    // A plan's rows never change.
    staleTime: Infinity,
    enabled,
  });
}

function Refusals({ plan, noun }: { plan: Plan; /** What a row is: a line of the file, or a member. */ noun: string }) {
  const codes = Object.entries(plan.summary.refusalsByCode).filter(([, count]) => count > 0).sort((a, b) => b[1] - a[1]);
  const messages = new Map<string, string>();
  for (const row of plan.rows) if (row.refusal !== null && !messages.has(row.refusal.code)) messages.set(row.refusal.code, row.refusal.message);
  // The first rows may not show every reason: the first refused rows do, most often.
  const refused = usePlanRows(plan, 'refused', codes.some(([code]) => !messages.has(code)));
  for (const row of refused.data?.pages.flatMap((page) => page.items) ?? []) {
    if (row.refusal !== null && !messages.has(row.refusal.code)) messages.set(row.refusal.code, row.refusal.message);
  }
  return (
    <Paper radius="md" p="sm" style={{ background: 'var(--mantine-color-red-0)', border: '1px solid var(--mantine-color-red-2)' }} data-refusals>
      <Text size="sm" fw={600} mb={4} c="red.9">{plural(plan.summary.refused, noun)} refused — nothing changes for {plan.summary.refused === 1 && noun === 'line' ? 'it' : 'them'}:</Text>
      <List size="sm" spacing={2}>
        {codes.map(([code, count]) => (
          <List.Item key={code} data-refusal-code={code} data-count={count}>
            <b>{count.toLocaleString('en')}</b> · {messages.get(code) ?? code}
          </List.Item>
        ))}
      </List>
    </Paper>
  );
}

const FILTER_LABELS: Record<RowFilter, string> = { all: 'All', change: 'Will change', unchanged: 'Unchanged', refused: 'Refused' };

function Rows({ plan, importing }: { plan: Plan; importing: boolean }) {
  const { orgId } = useOrg();
  const types = useResourceTypes(orgId, plan.action === 'grant_access' || plan.action === 'revoke_access');
  const typeNames = useMemo(() => new Map((types.data ?? []).map((type) => [type.key, type.name])), [types.data]);
  const [filter, setFilter] = useState<RowFilter>('all');
  const counts: Record<RowFilter, number> = {
    all: plan.summary.rows, change: plan.summary.changes, unchanged: plan.summary.unchanged, refused: plan.summary.refused,
  };
  const rows = usePlanRows(plan, filter === 'all' ? undefined : filter, true);
  const items = rows.data?.pages.flatMap((page) => page.items) ?? [];
  const choices = (['all', 'change', 'unchanged', 'refused'] as const).filter((key) => key === 'all' || counts[key] > 0);

  return (
    <Stack gap="xs">
      <Group justify="space-between" gap="sm" wrap="wrap">
        <Text size="sm" fw={600} id="plan-rows-title">{importing ? 'Rows of the file' : 'Members'}</Text>
        {choices.length > 2 && (
          <SegmentedControl
            size="xs"
            aria-label="Show rows"
            value={filter}
            onChange={(value) => setFilter(value as RowFilter)}
            data={choices.map((key) => ({ value: key, label: `${FILTER_LABELS[key]} (${counts[key].toLocaleString('en')})` }))}
          />
        )}
      </Group>
      <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
        <ScrollArea.Autosize mah="min(46vh, 420px)" type="auto" offsetScrollbars={false}>
          <Table aria-labelledby="plan-rows-title" layout="fixed" verticalSpacing={8} stickyHeader
            styles={{ th: { background: 'var(--mantine-color-gray-0)', whiteSpace: 'nowrap' } }}
          >
            <Table.Thead>
              <Table.Tr>
                {importing && <Table.Th w={64}>Line</Table.Th>}
                <Table.Th w="40%">Member</Table.Th>
                <Table.Th>What happens</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((row) => <RowLine key={row.index} row={row} importing={importing} typeNames={typeNames} />)}
              {rows.isPending && (
                <Table.Tr><Table.Td colSpan={importing ? 3 : 2}><Text size="sm" c="gray.7">Loading rows…</Text></Table.Td></Table.Tr>
              )}
            </Table.Tbody>
          </Table>
        </ScrollArea.Autosize>
      </Paper>
      {rows.isError && <ErrorState error={rows.error} onRetry={() => void rows.refetch()} />}
      <Group justify="space-between" gap="sm">
        <Text size="xs" c="gray.7" aria-live="polite">
          {items.length < counts[filter] ? `Showing ${items.length.toLocaleString('en')} of ${counts[filter].toLocaleString('en')}` : ''}
        </Text>
        {rows.hasNextPage && (
          <Button variant="default" size="xs" onClick={() => void rows.fetchNextPage()} loading={rows.isFetchingNextPage}>Show more</Button>
        )}
      </Group>
    </Stack>
  );
}

function RowLine({ row, importing, typeNames }: { row: PlanRow; importing: boolean; typeNames: ReadonlyMap<string, string> }) {
  return (
    <Table.Tr data-outcome={row.outcome} data-email={row.email ?? ''} data-line={row.line ?? undefined}>
      {importing && <Table.Td><Text size="sm" c="gray.7" ff="monospace">{row.line ?? '—'}</Text></Table.Td>}
      <Table.Td style={{ minWidth: 0 }}>
        {row.name !== null && row.name !== '' && (!importing || row.memberId !== null) ? (
          <>
            <Text size="sm" fw={600} truncate title={row.name}>{row.name}</Text>
            {row.email !== null && <Text size="xs" c="gray.7" truncate title={row.email}>{row.email}</Text>}
          </>
        ) : (
          <Text size="sm" truncate title={row.email ?? undefined}>{row.email ?? '—'}</Text>
        )}
      </Table.Td>
      <Table.Td>
        {row.outcome === 'refused' ? (
          <Group gap={6} wrap="nowrap" align="flex-start">
            <Box c="red.8" style={{ display: 'flex', paddingTop: 2 }}><IconBan size={16} aria-hidden /></Box>
            <Text size="sm" c="red.9"><span className="visually-hidden">Refused: </span>{row.refusal?.message ?? 'Refused'}</Text>
          </Group>
        ) : row.outcome === 'unchanged' || row.changes === null ? (
          <Text size="sm" c="gray.7">Nothing to change: already so</Text>
        ) : (
          <ChangeList changes={row.changes} typeNames={typeNames} />
        )}
      </Table.Td>
    </Table.Tr>
  );
}
