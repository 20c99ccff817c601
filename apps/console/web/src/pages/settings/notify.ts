import { notifications } from '@mantine/notifications';

/** A short confirmation that something worked, readable (AA contrast) and with a labelled close button. */
export function notifySuccess(title: string, message: string): void {
  notifications.show({
    color: 'teal',
    title,
    message,
    closeButtonProps: { 'aria-label': 'Close notification' },
    styles: { description: { color: 'var(--mantine-color-gray-7)' } },
  });
}
