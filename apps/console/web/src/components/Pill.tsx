import { Badge } from '@mantine/core';
import type { ReactNode } from 'react';

// Mantine's light badges put a mid shade on a pale one (below 4.5:1 for most colours), so these
// use the palest background and a text shade that keeps WCAG AA contrast.
const TEXT: Record<string, string> = {
  teal: 'teal-9', blue: 'blue-9', red: 'red-9', indigo: 'indigo-9', grape: 'grape-9', violet: 'violet-9',
  orange: 'gray-9', yellow: 'gray-9', gray: 'gray-8', green: 'gray-9', cyan: 'gray-9',
};

/** A small label whose words carry the meaning; the colour only helps. */
export function Pill({ color = 'gray', children, leftSection, outline = false, ...rest }: {
  /** A Mantine colour name. @default 'gray' */
  color?: string;
  children: ReactNode;
  /** An icon before the words. */
  leftSection?: ReactNode;
  /** A transparent pill with a stronger border, for secondary labels. @default false */
  outline?: boolean;
} & Record<`data-${string}`, string>) {
  const text = `var(--mantine-color-${TEXT[color] ?? 'gray-9'})`;
  return (
    <Badge
      radius="sm"
      tt="none"
      fw={600}
      variant="light"
      leftSection={leftSection}
      styles={{
        root: {
          background: outline ? 'transparent' : `var(--mantine-color-${color}-0)`,
          color: text,
          border: `1px solid var(--mantine-color-${color}-${outline ? 4 : 2})`,
          overflow: 'visible',
        },
        label: { overflow: 'visible' },
      }}
      {...rest}
    >
      {children}
    </Badge>
  );
}
