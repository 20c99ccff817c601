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

const STATUS_COLORS: Record<MemberStatus, string> = {
  invite_pending: 'blue',
  invite_expired: 'orange',
  not_activated: 'yellow',
  active: 'teal',
  deactivated: 'gray',
};

export const STATUS_ORDER: MemberStatus[] = ['active', 'invite_pending', 'invite_expired', 'not_activated', 'deactivated'];

export function StatusBadge({ status }: { status: MemberStatus }) {
  return (
    <Badge
      color={STATUS_COLORS[status]}
      variant={status === 'deactivated' ? 'outline' : 'light'}
      radius="sm"
      tt="none"
      fw={600}
      data-status={status}
      styles={{ label: { overflow: 'visible' } }}
    >
      {STATUS_LABELS[status]}
    </Badge>
  );
}
