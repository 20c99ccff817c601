import { Alert, Anchor, Box, Code, Group, Modal, SimpleGrid, Stack, Tabs, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconExternalLink, IconMailOpened } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { MailMessage } from '../../api/types';
import { formatDateTime } from '../../format';
import { Pill } from '../../components/Pill';
import { invitationPath, MAIL_STATUS } from './mail';

/** One message as the recipient would see it, with its invitation link to follow. */
export function MessageModal({ message, onClose }: { /** The message to show; `null` closes the dialog. */ message: MailMessage | null; onClose: () => void }) {
  const mobile = useMediaQuery('(max-width: 48em)');
  return (
    <Modal
     
      opened={message !== null}
      onClose={onClose}
      title={message?.subject ?? 'Message'}
      size="xl"
      fullScreen={mobile === true}
      styles={{ title: { fontWeight: 650, overflowWrap: 'anywhere' } }}
    >
      {message !== null && <MessageBody message={message} />}
    </Modal>
  );
}

function MessageBody({ message }: { message: MailMessage }) {
  const status = MAIL_STATUS[message.status];
  const link = invitationPath(message);
  const hasHtml = message.html !== null && message.html !== '';
  const hasText = message.text !== null && message.text !== '';
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs" verticalSpacing={6}>
        <Meta label="To" value={message.to} />
        <Meta label="Status" value={<Pill color={status.color}>{status.label}</Pill>} />
        <Meta label="Created" value={formatDateTime(message.createdAt)} />
        <Meta label="Sent" value={formatDateTime(message.sentAt, 'Not yet')} />
      </SimpleGrid>
      {link !== null && (
        <Alert color="indigo" variant="light" icon={<IconMailOpened size={18} />} title="Try the link in this message">
          <Stack gap={6} align="flex-start">
            <Anchor href={link} fw={600} size="sm" c="indigo.9" underline="always">
              Open invitation link <IconExternalLink size={14} aria-hidden style={{ verticalAlign: '-2px' }} />
            </Anchor>
            <Text size="xs" c="gray.8">
              Opens the page the recipient would see. If you are signed in as someone else, that page lets you sign out first.
            </Text>
          </Stack>
        </Alert>
      )}
      {hasHtml && hasText ? (
        <Tabs defaultValue="html" keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="html">Message</Tabs.Tab>
            <Tabs.Tab value="text">Plain text</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="html" pt="sm"><HtmlBody message={message} /></Tabs.Panel>
          <Tabs.Panel value="text" pt="sm"><TextBody text={message.text ?? ''} /></Tabs.Panel>
        </Tabs>
      ) : hasHtml ? <HtmlBody message={message} /> : hasText ? <TextBody text={message.text ?? ''} /> : (
        <Text size="sm" c="gray.7">
          The message body is not kept: it is shown only when no mail server is configured (the development mailbox).
        </Text>
      )}
    </Stack>
  );
}

function Meta({ label, value }: { label: string; value: ReactNode }) {
  return (
    <Group gap={8} wrap="nowrap" align="center">
      <Text size="sm" c="gray.7" w={64} style={{ flexShrink: 0 }}>{label}</Text>
      <Box style={{ minWidth: 0, overflowWrap: 'anywhere' }}><Text size="sm" component="div">{value}</Text></Box>
    </Group>
  );
}

/** Links in the message open in a new tab: the frame itself runs nothing. */
function withLinksInNewTab(html: string): string {
  const base = '<base target="_blank">';
  const doctype = /^\s*<!doctype[^>]*>/i.exec(html);
  return doctype === null ? `${base}${html}` : `${doctype[0]}${base}${html.slice(doctype[0].length)}`;
}

function HtmlBody({ message }: { message: MailMessage }) {
  return (
    <iframe
      title={`Message: ${message.subject}`}
      sandbox="allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation"
      srcDoc={withLinksInNewTab(message.html ?? '')}
      style={{
        width: '100%', height: 420, border: '1px solid var(--mantine-color-gray-3)',
        borderRadius: 'var(--mantine-radius-md)', background: 'white', display: 'block',
      }}
    />
  );
}

function TextBody({ text }: { text: string }) {
  return (
    <Code block style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', fontSize: 'var(--mantine-font-size-sm)' }}>
      {text}
    </Code>
  );
}
