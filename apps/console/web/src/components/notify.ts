import { notifications, type NotificationData } from '@mantine/notifications';

/** Shows a notification; its close button's name and text contrast come from the theme. */
export function notify(data: NotificationData): void {
  notifications.show(data);
}

/** A short confirmation that something worked. */
export function notifySuccess(title: string, message: string): void {
  notify({ color: 'teal', title, message });
}
