import { Alert, Button, CopyButton, Group, Modal, Skeleton, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconCheck, IconCopy, IconInfoCircle, IconRefresh } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import { errorMessage } from '../../api/messages';
import { keys } from '../../api/queries';
import type { InviteLink } from '../../api/types';
import { FormError } from '../../components/FormError';
import { ErrorState } from '../../components/States';
import { formatDateTime } from '../../format';
import { useOrg } from '../../org-context';
import { Section } from '../../components/Section';
import { notifySuccess } from '../../components/notify';

/** The shared invite link: on/off, the link to copy, and regenerate. */
export function InviteLinkSection() {
  const { orgId, organization } = useOrg();
  const client = useQueryClient();
  const link = useQuery({
    queryKey: keys.inviteLink(orgId),
    queryFn: () => api.get<InviteLink>(`/orgs/${orgId}/invite-link`),
  });
  // The link is shown in full only by the answer that made it (only its hash is stored), so the
  // console keeps the last one it saw; it stays valid until regenerated.
  const [knownUrl, setKnownUrl] = useState<string | null>(null);
  const [confirming, { open: confirm, close: closeConfirm }] = useDisclosure(false);
  const update = useMutation({
    mutationFn: (body: { enabled: boolean; regenerate?: boolean }) => api.put<InviteLink>(`/orgs/${orgId}/invite-link`, body),
    onSuccess: async (saved, body) => {
      if (saved.url !== null) setKnownUrl(saved.url);
      client.setQueryData<InviteLink>(keys.inviteLink(orgId), (previous) => ({ ...saved, url: saved.url ?? previous?.url ?? null }));
      closeConfirm();
      notifySuccess(
        body.regenerate === true ? 'New invite link' : saved.enabled ? 'Invite link on' : 'Invite link off',
        body.regenerate === true
          ? 'The old link no longer works. Share the new one.'
          : saved.enabled ? 'Anyone with the link can ask to join.' : 'Nobody can join through the link now.',
      );
      await client.invalidateQueries({ queryKey: keys.me });
    },
  });

  const description = (
    <>
      Share one link instead of inviting people one by one. People who join through the link wait, as <b>Not activated</b>,
      for an admin to give them a role; until then they see nothing in {organization.name}.
    </>
  );

  if (link.isPending) {
    return (
      <Section id="settings-invite-link" title="Invite link" description={description}>
        <Skeleton height={24} width={200} radius="xl" />
        <Skeleton height={36} radius="md" />
      </Section>
    );
  }
  if (link.isError) {
    return (
      <Section id="settings-invite-link" title="Invite link" description={description}>
        <ErrorState error={link.error} onRetry={() => void link.refetch()} />
      </Section>
    );
  }

  const pendingEnabled = update.isPending && update.variables?.regenerate !== true ? update.variables?.enabled : undefined;
  const enabled = pendingEnabled ?? link.data.enabled;
  const url = link.data.url ?? knownUrl;

  return (
    <Section id="settings-invite-link" title="Invite link" description={description}>
      <Switch
        label="Invite link"
        description={enabled ? 'On: anyone with the link can join.' : 'Off: nobody can join through the link.'}
        checked={enabled}
        disabled={update.isPending}
        onChange={(event) => update.mutate({ enabled: event.currentTarget.checked })}
        size="md"
      />
      {link.data.enabled && (
        url !== null ? (
          <Stack gap={6}>
            <Group gap="sm" align="flex-end" wrap="wrap">
              <TextInput
                label="Link to share"
                value={url}
                readOnly
                onFocus={(event) => event.currentTarget.select()}
                style={{ flex: '1 1 320px', minWidth: 0 }}
                styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 'var(--mantine-font-size-sm)' } }}
              />
              <Group gap="sm" wrap="nowrap">
                <CopyButton value={url} timeout={2000}>
                  {({ copied, copy }) => (
                    <Button
                      leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                      onClick={copy}
                      miw={120}
                    >
                      {copied ? 'Copied' : 'Copy link'}
                    </Button>
                  )}
                </CopyButton>
                <Button variant="default" leftSection={<IconRefresh size={16} />} onClick={confirm}>Regenerate</Button>
              </Group>
            </Group>
            {link.data.createdAt !== null && <Text size="xs" c="gray.7">This link was made on {formatDateTime(link.data.createdAt)}.</Text>}
          </Stack>
        ) : (
          <Alert color="indigo" variant="light" icon={<IconInfoCircle size={18} />}>
            <Stack gap="sm" align="flex-start">
              <Text size="sm">
                The link is on, but Roster keeps only a fingerprint of it, so it cannot show it again.
                Regenerate to get a link you can copy (the current one then stops working).
              </Text>
              <Button size="xs" variant="white" leftSection={<IconRefresh size={14} />} onClick={confirm}>Regenerate</Button>
            </Stack>
          </Alert>
        )
      )}
      {!link.data.enabled && link.data.createdAt !== null && (
        <Text size="sm" c="gray.7">Turning the link on again brings back the same link, unless you regenerate it.</Text>
      )}
      {update.isError && !confirming && <FormError>{errorMessage(update.error)}</FormError>}
      <Modal opened={confirming} onClose={closeConfirm} title="Regenerate the invite link?">
        <Stack gap="md">
          <Text size="sm">
            Roster makes a new link and <b>the old link stops working</b> at once. Anyone who has the old link but has not
            joined yet will need the new one. People who already joined are not affected.
          </Text>
          {update.isError && <FormError>{errorMessage(update.error)}</FormError>}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={closeConfirm}>Cancel</Button>
            <Button
              color="red.9"
              loading={update.isPending}
              onClick={() => update.mutate({ enabled: true, regenerate: true })}
            >
              Regenerate link
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Section>
  );
}
