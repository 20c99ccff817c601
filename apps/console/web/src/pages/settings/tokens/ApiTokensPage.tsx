import { Box, Button, Code, Group, Stack, Text, VisuallyHidden } from '@mantine/core';
import { IconKey, IconPlus, IconX } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../../api/client';
import { keys, useRoles } from '../../../api/queries';
import type { ApiToken, ApiTokenList } from '../../../api/types';
import { ConfirmModal } from '../../../components/ConfirmModal';
import { ExpiryPill } from '../../../components/ExpiryPill';
import { NoAccess } from '../../../components/NoAccess';
import { notify } from '../../../components/notify';
import { Pill } from '../../../components/Pill';
import { Section } from '../../../components/Section';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States';
import { formatDate, formatDateTime } from '../../../format';
import { useOrg } from '../../../org-context';
import { SettingsFrame } from '../SettingsFrame';
import { CreateTokenModal } from './CreateTokenModal';

const STATUS: Record<ApiToken['status'], { label: string; color: string }> = {
  active: { label: 'Active', color: 'teal' },
  expired: { label: 'Expired', color: 'orange' },
  revoked: { label: 'Revoked', color: 'gray' },
};

/** Settings → API tokens: the tokens the product uses to call Roster for this organization; create and revoke them. */
export function ApiTokensPage() {
  const { orgId, can, rank } = useOrg();
  const allowed = can('api_tokens.manage');
  const tokens = useQuery({
    queryKey: keys.apiTokens(orgId),
    queryFn: async () => (await api.get<ApiTokenList>(`/orgs/${orgId}/api-tokens`)).items,
    enabled: allowed,
  });
  const roles = useRoles(orgId, allowed && can('roles.read'));
  const assignable = (roles.data ?? []).filter((role) => role.rank <= rank);
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const description = 'Tokens let the product call Roster’s API for this organization.';

  if (!allowed) return <SettingsFrame description={description}><NoAccess what="the organization's API tokens" /></SettingsFrame>;

  let body;
  if (tokens.isPending) {
    body = <LoadingState label="Loading API tokens…" />;
  } else if (tokens.isError) {
    body = <ErrorState error={tokens.error} onRetry={() => void tokens.refetch()} />;
  } else if (tokens.data.length === 0) {
    body = (
      <EmptyState
        icon={<IconKey size={26} />}
        title="No API tokens yet"
        description="Create one for each integration of the product, so that each can be revoked on its own. The product sends it as “Authorization: Bearer …”."
      />
    );
  } else {
    body = (
      <Box component="ul" aria-label="API tokens" m={0} p={0} style={{ listStyle: 'none' }}>
        {tokens.data.map((token, index) => (
          <TokenRow key={token.id} token={token} first={index === 0} onRevoke={() => setRevoking(token)} />
        ))}
      </Box>
    );
  }

  return (
    <SettingsFrame description={description}>
      <Section
        id="api-tokens"
        title="API tokens"
        description="Each token acts with a role, like a person: it can register resources, record usage or ask who may do what if its role allows it. Nobody can give a token a role ranked above their own, and a token stops working when its creator loses access."
        aside={(
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)} disabled={roles.data === undefined}>
            Create token
          </Button>
        )}
      >
        {body}
      </Section>
      <CreateTokenModal opened={creating} roles={assignable} onClose={() => setCreating(false)} />
      <RevokeTokenModal token={revoking} onClose={() => setRevoking(null)} />
    </SettingsFrame>
  );
}

function TokenRow({ token, first, onRevoke }: { token: ApiToken; first: boolean; onRevoke: () => void }) {
  const status = STATUS[token.status];
  return (
    <Box
      component="li"
      py="sm"
      data-token-id={token.id}
      data-status={token.status}
      style={first ? undefined : { borderTop: '1px solid var(--mantine-color-gray-2)' }}
    >
      <Group justify="space-between" align="flex-start" gap="sm" wrap="wrap">
        <Stack gap={4} style={{ flex: '1 1 320px', minWidth: 0 }}>
          <Group gap="xs" wrap="wrap">
            <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>{token.name}</Text>
            <Pill color={status.color} data-token-status={token.status}>{status.label}</Pill>
            {token.status === 'active' && <ExpiryPill expiresAt={token.expiresAt} soonOnly />}
          </Group>
          <Group gap="xs" wrap="wrap">
            <Text size="xs" c="gray.7">Starts with <Code c="gray.8">{token.prefix}…</Code></Text>
            <Text size="xs" c="gray.7">Role: <Text span size="xs" fw={600} c="dark.7">{token.role.name}</Text></Text>
          </Group>
          <Text size="xs" c="gray.7" style={{ overflowWrap: 'anywhere' }}>
            Created by {token.createdBy.name} on {formatDate(token.createdAt)}
            {' · '}{token.lastUsedAt === null ? 'Never used' : `Last used ${formatDateTime(token.lastUsedAt)}`}
            {token.revokedAt !== null && <>{' · '}Revoked {formatDate(token.revokedAt)}</>}
            {token.revokedAt === null && (token.expiresAt === null ? ' · Never expires' : <>{' · '}{token.status === 'expired' ? 'Expired' : 'Expires'} {formatDate(token.expiresAt)}</>)}
          </Text>
        </Stack>
        {token.status === 'active' && (
          <Button variant="default" size="xs" c="red.9" leftSection={<IconX size={14} aria-hidden />} onClick={onRevoke}>
            Revoke<VisuallyHidden> {token.name}</VisuallyHidden>
          </Button>
        )}
      </Group>
    </Box>
  );
}

function RevokeTokenModal({ token, onClose }: { /** The token to revoke; null closes the dialog. */ token: ApiToken | null; onClose: () => void }) {
  const { orgId } = useOrg();
  const client = useQueryClient();
  const revoke = useMutation({
    mutationFn: (revoked: ApiToken) => api.delete(`/orgs/${orgId}/api-tokens/${revoked.id}`),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.apiTokens(orgId) }),
  });
  const [last, setLast] = useState(token);
  if (token !== null && token !== last) setLast(token);
  const shown = token ?? last;
  const close = () => {
    revoke.reset();
    onClose();
  };
  return (
    <ConfirmModal
      opened={token !== null}
      title={`Revoke the token ${shown?.name ?? ''}?`}
      confirmLabel="Revoke token"
      pending={revoke.isPending}
      error={revoke.error}
      onClose={close}
      onConfirm={() => shown !== null && revoke.mutate(shown, {
        onSuccess: () => {
          notify({ color: 'gray', title: 'Token revoked', message: `${shown.name} no longer works.` });
          close();
        },
      })}
    >
      <Text size="sm">
        Whatever uses <b>{shown?.name}</b> is refused from now on, with “401 Unauthorized”. This cannot be undone: to
        carry on, create a new token and give it to the product.
      </Text>
    </ConfirmModal>
  );
}
