import { Tooltip } from '@mantine/core';
import { IconClock } from '@tabler/icons-react';
import { daysUntil } from '../dates';
import { formatDate, formatDateTime } from '../format';
import { Pill } from './Pill';

/** When something ends: "Expired", "Ends today", "Ends in 3 days" or "Until Dec 24, 2026"; nothing when it never ends. */
export function ExpiryPill({ expiresAt, expired, soonOnly = false }: {
  /** The end, ISO 8601; null when it never ends. */
  expiresAt: string | null;
  /** The API's own word that it is over, when it gives one. @default derived from `expiresAt` */
  expired?: boolean;
  /** Shows nothing for an end more than two weeks away (when the date is written beside it). @default false */
  soonOnly?: boolean;
}) {
  if (expiresAt === null) return null;
  const over = expired ?? new Date(expiresAt).getTime() <= Date.now();
  const days = daysUntil(expiresAt);
  if (soonOnly && !over && days > 14) return null;
  const label = over
    ? `Expired ${formatDate(expiresAt)}`
    : days <= 0 ? 'Ends today' : days === 1 ? 'Ends tomorrow' : days <= 14 ? `Ends in ${days} days` : `Until ${formatDate(expiresAt)}`;
  return (
    <Tooltip label={`${over ? 'Ended' : 'Ends'} ${formatDateTime(expiresAt)}`} withArrow>
      <span>
        <Pill color={over ? 'red' : days <= 7 ? 'orange' : 'gray'} outline={!over && days > 7} leftSection={<IconClock size={12} aria-hidden />} data-expiry={over ? 'expired' : 'active'}>
          {label}
        </Pill>
      </span>
    </Tooltip>
  );
}
