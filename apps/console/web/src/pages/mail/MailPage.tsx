import { Alert, Box, Button, Group, Paper, Stack, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconEye, IconInbox, IconInfoCircle } from '@tabler/icons-react';
import { useState } from 'react';
import { keys } from '../../api/queries';
import type { MailMessage } from '../../api/types';
import { LoadMore, RefreshButton, useCursorPages } from '../../components/CursorList';
import { EmptyState, ErrorState, LoadingState, PageHeader } from '../../components/States';
import { formatDateTime, plural } from '../../format';
import { useOrg } from '../../org-context';
import { NoAccess } from '../../components/NoAccess';
import { Pill } from '../../components/Pill';
import { isDevMailbox, MAIL_STATUS } from './mail';
import { MessageModal } from './MessageModal';

/** The organization's outgoing mail and its delivery state; in development, the messages themselves. */
export function MailPage() {
  const { orgId, organization, can } = useOrg();
  const [viewing, setViewing] = useState<MailMessage | null>(null);
  const { query: mail, items } = useCursorPages<MailMessage>({
    queryKey: keys.mail(orgId),
    path: `/orgs/${orgId}/mail`,
    enabled: can('mail.read'),
    // While something is on its way, its state changes by itself: look again now and then.
    refetchInterval: (query) => {
      const pending = query.state.data?.pages.some((page) => page.items.some((m) => m.status === 'queued' || m.status === 'retrying'));
      return pending === true ? 5_000 : false;
    },
  });
  const devMailbox = items.some(isDevMailbox);

  const header = (
    <PageHeader
      title="Mail"
      description={`Messages Roster sends for ${organization.name}, such as invitations, and whether they were delivered. Newest first.`}
      actions={<RefreshButton query={mail} disabled={!can('mail.read')} />}
    />
  );

  if (!can('mail.read')) return <>{header}<NoAccess what="the organization's mail" /></>;
  if (mail.isPending) return <>{header}<LoadingState label="Loading mail…" /></>;
  if (mail.data === undefined) return <>{header}<ErrorState error={mail.error} onRetry={() => void mail.refetch()} /></>;

  return (
    <>
      {header}
      {devMailbox && (
        <Alert color="indigo" variant="light" icon={<IconInfoCircle size={18} />} title="Development mailbox" mb="md">
          <Text size="sm">
            No mail server is configured (SMTP_URL), so messages are kept here instead of being sent.
            Choose <b>View</b> to read a message and open the invitation link it carries.
          </Text>
        </Alert>
      )}
      <Paper withBorder radius="md">
        {items.length === 0 ? (
          <EmptyState
            icon={<IconInbox size={26} />}
            title="No mail yet"
            description="Invitation emails and other messages sent for this organization will appear here, with their delivery state."
          />
        ) : (
          <Box component="ul" aria-label="Messages" m={0} p={0} style={{ listStyle: 'none' }}>
            {items.map((message, index) => (
              <MessageRow key={message.id} message={message} first={index === 0} onView={() => setViewing(message)} />
            ))}
          </Box>
        )}
      </Paper>
      <LoadMore query={mail} count={items.length} noun="message" />
      <MessageModal message={viewing} onClose={() => setViewing(null)} />
    </>
  );
}

function MessageRow({ message, first, onView }: { message: MailMessage; first: boolean; onView: () => void }) {
  const status = MAIL_STATUS[message.status];
  const viewable = message.text !== null || message.html !== null;
  const dev = message.transport === 'dev_mailbox';
  return (
    <Box
      component="li"
      px={{ base: 'sm', sm: 'md' }}
      py="sm"
      data-status={message.status}
      style={first ? undefined : { borderTop: '1px solid var(--mantine-color-gray-2)' }}
    >
      <Group justify="space-between" align="flex-start" gap="sm" wrap="wrap">
        <Stack gap={4} style={{ flex: '1 1 320px', minWidth: 0 }}>
          <Group gap="xs" wrap="wrap" align="center">
            <Tooltip label={status.help} withArrow>
              <span><Pill color={status.color} data-mail-status={message.status}>{status.label}</Pill></span>
            </Tooltip>
            {dev && <Pill color="gray" outline>Dev mailbox</Pill>}
            <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere', minWidth: 0 }}>{message.subject}</Text>
          </Group>
          <Text size="xs" c="gray.7" style={{ overflowWrap: 'anywhere' }}>
            To <Text span size="xs" c="dark.7" fw={500}>{message.to}</Text>
            {' · '}Created {formatDateTime(message.createdAt)}
            {' · '}{message.sentAt === null ? 'Not sent yet' : `${dev ? 'Kept' : 'Sent'} ${formatDateTime(message.sentAt)}`}
            {(!dev || message.attempts > 0) && <>{' · '}{plural(message.attempts, 'attempt')}</>}
          </Text>
          {message.lastError !== null && (
            <Text size="xs" c="red.9" style={{ overflowWrap: 'anywhere' }}>Last error: {message.lastError}</Text>
          )}
        </Stack>
        {viewable && (
          <Button variant="default" size="xs" leftSection={<IconEye size={14} />} onClick={onView}>
            View<VisuallyHidden> message to {message.to}</VisuallyHidden>
          </Button>
        )}
      </Group>
    </Box>
  );
}
