import { Box, Button, Code, Group, Paper, SegmentedControl, Select, SimpleGrid, Skeleton, Stack, Switch, Table, Text } from '@mantine/core';
import { IconChartBar, IconDownload } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { api } from '../../api/client';
import { keys } from '../../api/queries';
import type { UsageReport } from '../../api/types';
import { DayInput } from '../../components/DayInput';
import { NoAccess } from '../../components/NoAccess';
import { Pill } from '../../components/Pill';
import { EmptyState, ErrorState, PageHeader } from '../../components/States';
import { utcDay } from '../../dates';
import { plural } from '../../format';
import { useOrg } from '../../org-context';
import { DailyChart, formatDay, TopUsersChart } from './UsageCharts';
import { rangeProblem, reportQuery, useUsageView, type UsageGroup, type UsageView } from './usage-view';

const TOP_USERS = 10;
const ALL = 'all';

const GROUP_LABELS: Record<UsageGroup, string> = { user: 'User', resource: 'Resource', day: 'Day' };

/** One report of the usage API, for the view grouped as asked; the previous answer stays on screen while the next loads. */
function useReport(orgId: string, view: UsageView, groupBy: UsageGroup, enabled: boolean) {
  const query = reportQuery(view, groupBy);
  return useQuery({
    queryKey: [...keys.usage(orgId), query],
    queryFn: () => api.get<UsageReport>(`/orgs/${orgId}/usage/report`, query),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** The usage dashboard: what the product recorded, per day, per user and per resource, with totals and a CSV export. */
export function UsagePage() {
  const { orgId, organization, can } = useOrg();
  const { view, update } = useUsageView();
  const problem = rangeProblem(view);
  const allowed = can('usage.read');
  const ready = allowed && problem === null;
  const daily = useReport(orgId, view, 'day', ready);
  const users = useReport(orgId, view, 'user', ready);
  const grouped = useReport(orgId, view, view.groupBy, ready);
  // Every action seen in the range stays offered while one is chosen (the report then lists only that one).
  const [seenActions, setSeenActions] = useState<string[]>([]);
  const latest = view.action === null ? daily.data?.actions : undefined;
  if (latest !== undefined && latest.join('\n') !== seenActions.join('\n')) setSeenActions(latest);
  const actionChoices = useMemo(
    () => [...new Set([...seenActions, ...(view.action === null ? [] : [view.action])])].sort(),
    [seenActions, view.action],
  );
  const csv = `/api/v1/orgs/${orgId}/usage/report.csv?${new URLSearchParams(reportQuery(view)).toString()}`;

  const header = (
    <PageHeader
      title="Usage"
      description={`What people did in the product for ${organization.name}, as the product recorded it. Days are UTC days.`}
      actions={allowed ? (
        <Button
          component="a"
          href={csv}
          download
          variant="default"
          leftSection={<IconDownload size={16} aria-hidden />}
          data-disabled={problem !== null || undefined}
          aria-disabled={problem !== null || undefined}
          onClick={(event) => {
            if (problem !== null) event.preventDefault();
          }}
        >
          Export CSV
        </Button>
      ) : undefined}
    />
  );
  if (!allowed) return <>{header}<NoAccess what="the usage dashboard" /></>;

  const report = grouped.data;
  const busy = grouped.isPlaceholderData || daily.isPlaceholderData || users.isPlaceholderData;
  const failed = [grouped, daily, users].find((query) => query.isError);

  return (
    <>
      {header}
      <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }} mb="lg">
        <Group gap="md" align="flex-end" wrap="wrap">
          <Group gap="md" wrap="nowrap" align="flex-start" style={{ flex: '1 1 280px', maxWidth: 360 }}>
            <DayInput
              label="From"
              value={view.from}
              onChange={(from) => from !== '' && update({ from })}
              allowPast
              clearable={false}
              max={utcDay(new Date())}
              style={{ flex: 1, minWidth: 0 }}
            />
            <DayInput
              label="To"
              value={view.to}
              onChange={(to) => to !== '' && update({ to })}
              allowPast
              clearable={false}
              max={utcDay(new Date())}
              error={problem}
              style={{ flex: 1, minWidth: 0 }}
            />
          </Group>
          <Stack gap={4}>
            <Text size="sm" fw={500} id="usage-group-label">Group the table by</Text>
            <SegmentedControl
              role="radiogroup"
              aria-labelledby="usage-group-label"
              data={(['user', 'resource', 'day'] as const).map((value) => ({ value, label: GROUP_LABELS[value] }))}
              value={view.groupBy}
              onChange={(value) => update({ groupBy: value as UsageGroup })}
            />
          </Stack>
          <Select
            label="Action"
            data={[{ value: ALL, label: 'All actions' }, ...actionChoices.map((action) => ({ value: action, label: action }))]}
            value={view.action ?? ALL}
            onChange={(value) => update({ action: value === null || value === ALL ? null : value })}
            allowDeselect={false}
            comboboxProps={{ keepMounted: false }}
            w={{ base: '100%', xs: 220 }}
          />
          <Switch
            label="Include deleted users"
            checked={view.includeDeleted}
            onChange={(event) => update({ includeDeleted: event.currentTarget.checked })}
            pb={8}
          />
        </Group>
      </Paper>

      {problem !== null ? (
        <Paper withBorder radius="md">
          <EmptyState icon={<IconChartBar size={26} />} title="Choose a range of days" description={`${problem}: the report covers from 1 to 366 days.`} />
        </Paper>
      ) : failed !== undefined && report === undefined ? (
        <ErrorState error={failed.error} onRetry={() => void Promise.all([grouped.refetch(), daily.refetch(), users.refetch()])} />
      ) : report === undefined || daily.data === undefined || users.data === undefined ? (
        <Stack gap="lg" aria-busy aria-label="Loading usage">
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
            <Skeleton height={300} radius="md" />
            <Skeleton height={300} radius="md" />
          </SimpleGrid>
          <Skeleton height={200} radius="md" />
        </Stack>
      ) : report.total === 0 && daily.data.total === 0 ? (
        <Paper withBorder radius="md">
          <EmptyState
            icon={<IconChartBar size={26} />}
            title={view.action === null ? 'No usage in these days' : `No “${view.action}” in these days`}
            description={(
              <>
                Nothing was recorded from {formatDay(view.from)} to {formatDay(view.to)}. The product records usage
                with <Code style={{ overflowWrap: 'anywhere' }}>POST /api/v1/orgs/{orgId}/usage-events</Code>, using an API token whose role
                may record usage.
              </>
            )}
          />
        </Paper>
      ) : (
        <Stack gap="lg" style={{ opacity: busy ? 0.6 : 1, transition: 'opacity 120ms ease' }} aria-busy={busy}>
          {failed !== undefined && <ErrorState error={failed.error} onRetry={() => void failed.refetch()} />}
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
            <DailyChart report={daily.data} />
            <TopUsersChart report={users.data} top={TOP_USERS} />
          </SimpleGrid>
          <UsageTable report={report} />
        </Stack>
      )}
    </>
  );
}

function UsageTable({ report }: { report: UsageReport }) {
  const first = GROUP_LABELS[report.groupBy];
  const label = (row: UsageReport['rows'][number]) => (report.groupBy === 'day' ? formatDay(row.key) : row.label);
  return (
    <Paper withBorder radius="md" component="section" aria-labelledby="usage-table-title" style={{ overflow: 'clip' }}>
      <Group justify="space-between" gap="sm" px={{ base: 'sm', sm: 'md' }} pt="md" pb="xs">
        <Text fw={650} size="lg" component="h2" m={0} id="usage-table-title">By {first.toLowerCase()}</Text>
        <Text size="sm" c="gray.7">{plural(report.rows.length, 'row')} · {report.total.toLocaleString('en')} in all</Text>
      </Group>
      {/* Wide with many actions: the table scrolls inside its frame, which the keyboard can reach and scroll too. */}
      <Box style={{ overflowX: 'auto' }} tabIndex={0} role="region" aria-label="Usage table">
        <Table aria-labelledby="usage-table-title" striped highlightOnHover verticalSpacing="xs" miw={260 + report.actions.length * 120} data-group-by={report.groupBy}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{first}</Table.Th>
              {report.actions.map((action) => (
                <Table.Th key={action} ta="right" ff="monospace" fz="xs">{action}</Table.Th>
              ))}
              <Table.Th ta="right">Total</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {report.rows.map((row) => (
              <Table.Tr key={`${row.key}:${row.label}`} data-row-key={row.key} data-deleted={String(row.deleted)}>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>{label(row)}</Text>
                    {/* A deleted user's label already says so; a resource keeps its name and gets the word beside it. */}
                    {row.deleted && report.groupBy === 'resource' && <Pill color="gray" outline>Deleted</Pill>}
                  </Group>
                </Table.Td>
                {report.actions.map((action) => (
                  <Table.Td key={action} ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>{(row.counts[action] ?? 0).toLocaleString('en')}</Table.Td>
                ))}
                <Table.Td ta="right" fw={600} style={{ fontVariantNumeric: 'tabular-nums' }}>{row.total.toLocaleString('en')}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
          <Table.Tfoot>
            <Table.Tr style={{ borderTop: '2px solid var(--mantine-color-gray-4)' }}>
              <Table.Th scope="row">Total</Table.Th>
              {report.actions.map((action) => (
                <Table.Td key={action} ta="right" fw={600} style={{ fontVariantNumeric: 'tabular-nums' }}>{(report.totals[action] ?? 0).toLocaleString('en')}</Table.Td>
              ))}
              <Table.Td ta="right" fw={700} style={{ fontVariantNumeric: 'tabular-nums' }}>{report.total.toLocaleString('en')}</Table.Td>
            </Table.Tr>
          </Table.Tfoot>
        </Table>
      </Box>
    </Paper>
  );
}
