import { Badge } from '@mantine/core';
import type { MemberStatus } from '../api/types';

/** Each status with its words and colour; the words carry the meaning, the colour only helps. */
export const STATUS_LABELS: Record<MemberStatus, string> = {
  invite_pending: 'Invite pending',
  invite_expired: 'Invite expired',
  not_activated: 'Not activated',
  active: 'Active',
  deactivated: 'Deactivated',
};

// Background, text and border of each badge; every text colour is at least 4.5:1 on its background.
const STATUS_STYLES: Record<MemberStatus, { background: string; color: string; border: string }> = {
  invite_pending: { background: 'var(--mantine-color-blue-0)', color: 'var(--mantine-color-blue-9)', border: 'var(--mantine-color-blue-2)' },
  invite_expired: { background: 'var(--mantine-color-orange-0)', color: '#8a3c00', border: 'var(--mantine-color-orange-3)' },
  not_activated: { background: 'var(--mantine-color-yellow-0)', color: '#6b4f00', border: 'var(--mantine-color-yellow-4)' },
  active: { background: 'var(--mantine-color-teal-0)', color: 'var(--mantine-color-teal-9)', border: 'var(--mantine-color-teal-2)' },
  deactivated: { background: 'var(--mantine-color-white)', color: 'var(--mantine-color-gray-7)', border: 'var(--mantine-color-gray-5)' },
};

/** Every member status, in the order the filters list them. */
export const STATUS_ORDER: MemberStatus[] = ['active', 'invite_pending', 'invite_expired', 'not_activated', 'deactivated'];

/** A member's status as a badge: the words say it, the colour only helps. */
export function StatusBadge({ status }: { status: MemberStatus }) {
  return (
    <Badge
      variant="outline"
      radius="sm"
      tt="none"
      fw={600}
      data-status={status}
      styles={{
        root: { background: STATUS_STYLES[status].background, color: STATUS_STYLES[status].color, borderColor: STATUS_STYLES[status].border },
        label: { overflow: 'visible' },
      }}
    >
      {STATUS_LABELS[status]}
    </Badge>
  );
}
