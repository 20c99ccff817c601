import { Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** One titled block of a settings-like page. */
export function Section({ id, title, description, children, danger = false, aside }: {
  /** The id of the title, which names the section for screen readers. */
  id: string;
  title: string;
  description?: ReactNode;
  children: ReactNode;
  /** Red border and title, for what cannot be undone. @default false */
  danger?: boolean;
  /** Shown beside the title, such as the section's main button. */
  aside?: ReactNode;
}) {
  return (
    <Paper
      withBorder
      radius="md"
      p={{ base: 'md', sm: 'lg' }}
      component="section"
      aria-labelledby={id}
      style={danger ? { borderColor: 'var(--mantine-color-red-4)' } : undefined}
    >
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" gap="sm" wrap="wrap">
          <Stack gap={4} style={{ flex: '1 1 280px', minWidth: 0 }}>
            <Title order={2} size="h4" id={id} c={danger ? 'red.8' : undefined}>{title}</Title>
            {description !== undefined && <Text size="sm" c="gray.7">{description}</Text>}
          </Stack>
          {aside}
        </Group>
        {children}
      </Stack>
    </Paper>
  );
}
