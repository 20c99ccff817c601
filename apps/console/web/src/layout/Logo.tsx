import { Group, Text } from '@mantine/core';

/** The Roster mark and name. */
export function Logo({ size = 28, compact = false }: { /** The mark's width and height in pixels. @default 28 */ size?: number; /** Shows the name only from the `sm` breakpoint up. @default false */ compact?: boolean }) {
  return (
    <Group gap={10} wrap="nowrap">
      <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true">
        <rect width="32" height="32" rx="8" fill="var(--mantine-color-indigo-6)" />
        <path d="M10 23V9h7a4.5 4.5 0 0 1 0 9h-7m7 0 5 5" stroke="white" strokeWidth="2.6" fill="none" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
      <Text fw={700} size="lg" style={{ letterSpacing: '-0.01em' }} visibleFrom={compact ? 'sm' : undefined}>Roster</Text>
    </Group>
  );
}
