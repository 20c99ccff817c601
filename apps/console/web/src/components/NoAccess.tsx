import { Paper } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { EmptyState } from './States';

/** Shown to people whose role does not allow reading a page's data. */
export function NoAccess({ what }: { /** Ends "if you need to see …", such as "the audit log". */ what: string }) {
  return (
    <Paper withBorder radius="md">
      <EmptyState
        icon={<IconLock size={26} />}
        title="Your role does not allow this"
        description={`Ask an admin of the organization if you need to see ${what}.`}
      />
    </Paper>
  );
}
