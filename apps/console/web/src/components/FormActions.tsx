import { Button, Group, type MantineSpacing } from '@mantine/core';
import type { ReactNode } from 'react';

/** A dialog form's footer: Cancel, then the submit button (its label the children), spinning while it works. */
export function FormActions({ onCancel, loading, mt, children }: {
  onCancel: () => void;
  loading: boolean;
  mt?: MantineSpacing;
  children: ReactNode;
}) {
  return (
    <Group justify="flex-end" gap="sm" mt={mt}>
      <Button variant="default" onClick={onCancel}>Cancel</Button>
      <Button type="submit" loading={loading}>{children}</Button>
    </Group>
  );
}
