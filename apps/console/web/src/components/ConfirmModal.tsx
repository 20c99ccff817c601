import { Button, Group, Modal, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { errorMessage } from '../api/messages';
import { FormError } from './FormError';

/** A question before something that cannot be undone: clear words, the destructive button red. */
export function ConfirmModal({ opened, title, children, confirmLabel, onConfirm, onClose, pending, error }: {
  opened: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onClose: () => void;
  pending: boolean;
  /** The refusal of the last attempt, shown above the buttons. */
  error: unknown;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={title} size="md">
      <Stack gap="md">
        {children}
        {error !== null && error !== undefined && <FormError>{errorMessage(error)}</FormError>}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} data-autofocus>Cancel</Button>
          <Button color="red.8" onClick={onConfirm} loading={pending}>{confirmLabel}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
