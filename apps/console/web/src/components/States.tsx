import { Alert, Button, Center, Group, Loader, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconAlertTriangle, IconMoodEmpty } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { errorMessage } from '../api/messages';

/** A page's title, its one-line explanation and its main actions. */
export function PageHeader({ title, description, actions }: { title: string; description?: ReactNode; /** Buttons beside the title, such as "Add user". */ actions?: ReactNode }) {
  return (
    <Group justify="space-between" align="flex-start" mb="lg" gap="md">
      <Stack gap={4} style={{ flex: '1 1 280px' }}>
        <Title order={1} size="h2">{title}</Title>
        {description !== undefined && <Text c="dimmed" size="sm">{description}</Text>}
      </Stack>
      {actions !== undefined && <Group gap="sm">{actions}</Group>}
    </Group>
  );
}

/** Shown while data loads. */
export function LoadingState({ label = 'Loading…' }: { /** Shown under the spinner and announced. @default 'Loading…' */ label?: string }) {
  return (
    <Center py={64} role="status" aria-live="polite">
      <Stack align="center" gap="sm">
        <Loader size="md" />
        <Text c="dimmed" size="sm">{label}</Text>
      </Stack>
    </Center>
  );
}

/** Shown when a list has nothing in it. */
export function EmptyState({ title, description, action, icon }: { title: string; description?: ReactNode; /** A button under the description, such as "Clear filters". */ action?: ReactNode; /** The picture above the title. @default an empty face */ icon?: ReactNode }) {
  return (
    <Center py={56} px="md">
      <Stack align="center" gap="xs" maw={420} ta="center">
        <ThemeIcon size={48} radius="xl" variant="light" color="gray">{icon ?? <IconMoodEmpty size={26} />}</ThemeIcon>
        <Text fw={600} size="lg">{title}</Text>
        {description !== undefined && <Text c="dimmed" size="sm">{description}</Text>}
        {action !== undefined && <div style={{ marginTop: 8 }}>{action}</div>}
      </Stack>
    </Center>
  );
}

/** Shown when loading failed, with a way to try again. */
export function ErrorState({ error, onRetry }: { error: unknown; /** Offers "Try again" when given. */ onRetry?: () => void }) {
  return (
    <Alert color="red" variant="light" icon={<IconAlertTriangle size={20} />} title="This could not be loaded" role="alert" my="md">
      <Stack gap="sm" align="flex-start">
        <Text size="sm">{errorMessage(error)}</Text>
        {onRetry !== undefined && <Button size="xs" variant="white" color="red" onClick={onRetry}>Try again</Button>}
      </Stack>
    </Alert>
  );
}
