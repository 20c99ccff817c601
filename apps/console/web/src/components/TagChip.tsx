import { Badge, Group, Text, Tooltip } from '@mantine/core';
import type { ReactNode } from 'react';

/** How a chip looks: a tag as it is, one a change adds, or one it takes away. */
export type TagChipTone = 'plain' | 'added' | 'removed';

// Each text colour keeps 4.5:1 on its background; the sign (+ or −) says what the colour only helps with.
const TONES: Record<TagChipTone, { background: string; color: string; border: string }> = {
  plain: { background: 'var(--mantine-color-gray-0)', color: 'var(--mantine-color-gray-9)', border: 'var(--mantine-color-gray-3)' },
  added: { background: 'var(--mantine-color-teal-0)', color: 'var(--mantine-color-teal-9)', border: 'var(--mantine-color-teal-3)' },
  removed: { background: 'var(--mantine-color-red-0)', color: 'var(--mantine-color-red-9)', border: 'var(--mantine-color-red-3)' },
};

/** A member tag as a small rounded chip; added and removed ones carry their sign. */
export function TagChip({ children, tone = 'plain' }: { children: ReactNode; /** @default 'plain' */ tone?: TagChipTone }) {
  const style = TONES[tone];
  return (
    <Badge
      radius="xl"
      size="md"
      tt="none"
      fw={500}
      variant="outline"
      data-tag-chip={tone}
      styles={{
        root: { background: style.background, color: style.color, borderColor: style.border, maxWidth: '100%', paddingInline: 8 },
        label: { overflow: 'hidden', textOverflow: 'ellipsis' },
      }}
    >
      {tone === 'added' ? '+' : tone === 'removed' ? '−' : ''}
      {children}
    </Badge>
  );
}

/** A member's tags: the first `max` as chips, then "+N" for the rest (all of them in its tooltip). */
export function TagChips({ names, max = 3 }: { names: readonly string[]; /** @default 3 */ max?: number }) {
  const shown = names.slice(0, max);
  const rest = names.slice(shown.length);
  return (
    <Group gap={4} wrap="wrap" style={{ minWidth: 0 }}>
      {shown.map((name) => <TagChip key={name}>{name}</TagChip>)}
      {rest.length > 0 && (
        <Tooltip label={rest.join(', ')} withArrow multiline maw={260} events={{ hover: true, focus: false, touch: true }}>
          <Text span size="xs" fw={600} c="gray.8" px={4} data-more-tags={rest.length}>
            +{rest.length}<span className="visually-hidden">: {rest.join(', ')}</span>
          </Text>
        </Tooltip>
      )}
    </Group>
  );
}
