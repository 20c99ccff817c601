import { Box, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import type { UsageReport } from '../../api/types';
import { daysBetween } from '../../dates';

// The dashboard's two charts. The same numbers are in the table under them, which is what screen
// readers are pointed to; the charts also answer the keyboard (recharts' accessibility layer).

/** The colour of each action, in the order of the report's actions: Mantine shades that keep 3:1 against white. */
const PALETTE = ['indigo.6', 'teal.7', 'orange.7', 'grape.6', 'cyan.8', 'pink.7', 'lime.8', 'blue.7', 'red.7', 'yellow.8', 'violet.6', 'green.8'];

/** The CSS colour of the action at `index`. */
export function actionColor(index: number): string {
  const [name, shade] = PALETTE[index % PALETTE.length]!.split('.') as [string, string];
  return `var(--mantine-color-${name}-${shade})`;
}

const dayLabel = new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric', timeZone: 'UTC' });
/** "Nov 3" for "2026-11-03" (a UTC day). */
export function formatDay(day: string): string {
  return dayLabel.format(new Date(`${day}T00:00:00Z`));
}

const number = (value: unknown) => (typeof value === 'number' ? value.toLocaleString('en') : String(value));
const axisTick = { fontSize: 12, fill: 'var(--mantine-color-gray-7)' };

/** A chart's frame: a visible title, what the chart shows, the legend, and the chart. */
function ChartCard({ id, title, description, actions, children }: { id: string; title: string; description: string; actions: string[]; children: ReactNode }) {
  return (
    <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }} component="figure" m={0} aria-labelledby={id} style={{ minWidth: 0 }}>
      <Stack gap="xs">
        <Box component="figcaption">
          <Title order={2} size="h5" id={id}>{title}</Title>
          <Text size="xs" c="gray.7">{description}</Text>
        </Box>
        <Legend actions={actions} />
        {children}
      </Stack>
    </Paper>
  );
}

/** The actions and their colours: words first, colour only beside them. */
function Legend({ actions }: { actions: string[] }) {
  return (
    <Group gap="sm" wrap="wrap" component="ul" m={0} p={0} style={{ listStyle: 'none' }} aria-label="Actions">
      {actions.map((action, index) => (
        <Group key={action} component="li" gap={6} wrap="nowrap">
          <Box aria-hidden w={10} h={10} style={{ borderRadius: 2, background: actionColor(index), flexShrink: 0 }} />
          <Text size="xs" ff="monospace" c="gray.8">{action}</Text>
        </Group>
      ))}
    </Group>
  );
}

/** Events per day, each day's bar stacked by action; days without events show as empty. */
export function DailyChart({ report }: { report: UsageReport }) {
  const byDay = new Map(report.rows.map((row) => [row.key, row.counts]));
  const data = daysBetween(report.from, report.to).map((day) => ({ day, ...Object.fromEntries(report.actions.map((action) => [action, byDay.get(day)?.[action] ?? 0])) }));
  return (
    <ChartCard id="usage-daily" title="Per day" description="Events each day, by action (UTC days)." actions={report.actions}>
      <BarChart
        responsive
        style={{ width: '100%', height: 260 }}
        data={data}
        margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
        title="Usage per day, by action"
        desc="A stacked bar for each day; the table below lists the same numbers."
      >
        <CartesianGrid vertical={false} stroke="var(--mantine-color-gray-2)" />
        <XAxis dataKey="day" tickFormatter={formatDay} tick={axisTick} tickLine={false} axisLine={{ stroke: 'var(--mantine-color-gray-4)' }} minTickGap={16} />
        <YAxis allowDecimals={false} tick={axisTick} tickLine={false} axisLine={false} width={44} tickFormatter={number} />
        <Tooltip labelFormatter={(label) => formatDay(String(label))} formatter={number} cursor={{ fill: 'var(--mantine-color-gray-1)' }} />
        {report.actions.map((action, index) => (
          <Bar key={action} dataKey={action} stackId="actions" fill={actionColor(index)} isAnimationActive={false} maxBarSize={28} />
        ))}
      </BarChart>
    </ChartCard>
  );
}

/** The `top` users with the most events, each bar stacked by action. */
export function TopUsersChart({ report, top }: { report: UsageReport; top: number }) {
  const rows = [...report.rows].sort((a, b) => b.total - a.total).slice(0, top);
  const data = rows.map((row) => ({ label: row.label, key: row.key, ...row.counts }));
  return (
    <ChartCard
      id="usage-users"
      title={`Top ${top} users`}
      description={`The ${rows.length === 1 ? 'person' : `${rows.length} people`} with the most events in the range, by action.`}
      actions={report.actions}
    >
      <BarChart
        responsive
        layout="vertical"
        style={{ width: '100%', height: Math.max(120, rows.length * 34 + 40) }}
        data={data}
        margin={{ top: 0, right: 12, bottom: 0, left: 0 }}
        title={`Top ${top} users by events`}
        desc="A stacked bar for each person; the table below lists the same numbers."
      >
        <CartesianGrid horizontal={false} stroke="var(--mantine-color-gray-2)" />
        <XAxis type="number" allowDecimals={false} tick={axisTick} tickLine={false} axisLine={{ stroke: 'var(--mantine-color-gray-4)' }} tickFormatter={number} />
        <YAxis type="category" dataKey="label" tick={axisTick} tickLine={false} axisLine={false} width={120} interval={0} />
        <Tooltip formatter={number} cursor={{ fill: 'var(--mantine-color-gray-1)' }} />
        {report.actions.map((action, index) => (
          <Bar key={action} dataKey={action} stackId="actions" fill={actionColor(index)} isAnimationActive={false} maxBarSize={22} />
        ))}
      </BarChart>
    </ChartCard>
  );
}
