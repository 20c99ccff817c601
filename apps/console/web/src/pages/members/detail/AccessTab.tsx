import { Alert, Box, Button, Group, Skeleton, Stack, Text, VisuallyHidden } from '@mantine/core';
import { IconInfoCircle, IconKey, IconPencil, IconStack2, IconX } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { api } from '../../../api/client';
import { keys, useResourceTypes } from '../../../api/queries';
import type { Grant, Member, MemberAccess } from '../../../api/types';
import { ExpiryPill } from '../../../components/ExpiryPill';
import { ConfirmModal } from '../../../components/ConfirmModal';
import { notifySuccess } from '../../../components/notify';
import { Pill } from '../../../components/Pill';
import { Section } from '../../../components/Section';
import { EmptyState, ErrorState } from '../../../components/States';
import { formatDate, plural } from '../../../format';
import { useOrg } from '../../../org-context';
import { useRevokeGrant } from '../member-api';
import { memberName } from '../member-rules';
import { accessRoute, grantCoverage, type AccessItem } from './describe-access';
import { ExplainPanel } from './ExplainPanel';

/** What a member can reach, resource by resource, the grants behind it, and why a check is answered as it is. */
export function AccessTab({ member, onEdit }: { member: Member; /** Opens the edit dialog, where access is changed; absent when I may not. */ onEdit?: () => void }) {
  const { orgId, can } = useOrg();
  const access = useQuery({
    queryKey: keys.memberAccess(orgId, member.id),
    queryFn: () => api.get<MemberAccess>(`/orgs/${orgId}/members/${member.id}/access`),
  });
  const types = useResourceTypes(orgId);
  const typeNames = useMemo(() => new Map((types.data ?? []).map((type) => [type.key, type.name])), [types.data]);
  const [revoking, setRevoking] = useState<Grant | null>(null);
  const name = memberName(member);

  let body;
  if (access.isPending) {
    body = (
      <Section id="member-access" title="Resources they can reach">
        <Stack gap="xs" aria-busy aria-label="Loading their access">
          {[0, 1, 2].map((index) => <Skeleton key={index} height={40} radius="md" />)}
        </Stack>
      </Section>
    );
  } else if (access.isError) {
    body = <ErrorState error={access.error} onRetry={() => void access.refetch()} />;
  } else {
    const data = access.data;
    const grantsById = new Map(data.grants.map((grant) => [grant.id, grant]));
    const itemsById = new Map(data.items.map((item) => [item.resource.id, item]));
    body = (
      <>
        <Section
          id="member-access"
          title="Resources they can reach"
          description={`Each of the product's resources ${name} can reach, with the role they have there and what gives it to them.`}
          aside={onEdit === undefined ? undefined : (
            <Button variant="default" leftSection={<IconPencil size={16} aria-hidden />} onClick={onEdit}>Change access</Button>
          )}
        >
          {data.allResources && (
            <Alert color="indigo" variant="light" icon={<IconInfoCircle size={18} />}>
              <Text size="sm">
                Their organization role, <b>{data.organizationRole?.name}</b>, reaches every resource without grants.
                Grants can still give them another role on some resources.
              </Text>
            </Alert>
          )}
          {data.membershipExpiresAt !== null && (
            <Group gap="xs">
              <Text size="sm">Their membership ends on {formatDate(data.membershipExpiresAt)}, and all of this with it.</Text>
              <ExpiryPill expiresAt={data.membershipExpiresAt} soonOnly />
            </Group>
          )}
          {data.items.length === 0 ? (
            <EmptyState
              icon={<IconStack2 size={26} />}
              title="No resources"
              description={data.grants.length === 0
                ? `${name} cannot reach any of the product's resources yet.${onEdit === undefined ? '' : ' Give them some with “Change access”.'}`
                : 'Their grants cover no resource that exists now.'}
            />
          ) : (
            <Box component="ul" aria-label="Resources they can reach" m={0} p={0} style={{ listStyle: 'none' }}>
              {data.items.map((item, index) => (
                <ReachRow key={item.resource.id} item={item} typeName={typeNames.get(item.resource.type) ?? item.resource.type} route={accessRoute(item, grantsById, itemsById)} first={index === 0} />
              ))}
            </Box>
          )}
          {data.truncated && (
            <Text size="sm" c="gray.7">The organization has more resources than one page lists; the first {plural(data.items.length, 'resource')} are shown.</Text>
          )}
        </Section>
        <Section
          id="member-grants"
          title="Grants"
          description="The access given to them on resources, each with its own role and end when it has one."
        >
          {data.grants.length === 0 ? (
            <Text size="sm" c="gray.7">No grants.{data.allResources ? ' Their role reaches every resource anyway.' : ''}</Text>
          ) : (
            <Box component="ul" aria-label="Grants" m={0} p={0} style={{ listStyle: 'none' }}>
              {data.grants.map((grant, index) => (
                <GrantRow key={grant.id} grant={grant} first={index === 0} onRevoke={onEdit === undefined ? undefined : () => setRevoking(grant)} />
              ))}
            </Box>
          )}
        </Section>
      </>
    );
  }

  return (
    <Stack gap="lg">
      {body}
      {can('access.check') && <ExplainPanel member={member} typeNames={typeNames} />}
      <RevokeGrantModal grant={revoking} memberName={name} onClose={() => setRevoking(null)} />
    </Stack>
  );
}

function ReachRow({ item, typeName, route, first }: { item: AccessItem; typeName: string; route: string; first: boolean }) {
  return (
    <Box component="li" py="sm" data-resource-id={item.resource.id} style={first ? undefined : { borderTop: '1px solid var(--mantine-color-gray-2)' }}>
      <Group justify="space-between" align="flex-start" gap="sm" wrap="wrap">
        <Stack gap={2} style={{ flex: '1 1 240px', minWidth: 0 }}>
          <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>{item.resource.name}</Text>
          <Text size="xs" c="gray.7" style={{ overflowWrap: 'anywhere' }}>{typeName} · {item.resource.externalId}</Text>
        </Stack>
        <Group gap="xs" wrap="wrap" style={{ flex: '0 1 auto', minWidth: 0 }}>
          <Pill color="indigo">{item.role.name}</Pill>
          <Pill color="gray" outline data-via={item.via}>{route}</Pill>
          <ExpiryPill expiresAt={item.expiresAt} />
        </Group>
      </Group>
    </Box>
  );
}

function GrantRow({ grant, first, onRevoke }: { grant: Grant; first: boolean; onRevoke?: () => void }) {
  const coverage = grantCoverage(grant);
  return (
    <Box component="li" py="sm" data-grant-id={grant.id} data-kind={grant.kind} style={first ? undefined : { borderTop: '1px solid var(--mantine-color-gray-2)' }}>
      <Group justify="space-between" align="flex-start" gap="sm" wrap="wrap">
        <Stack gap={4} style={{ flex: '1 1 280px', minWidth: 0 }}>
          <Group gap={8} wrap="nowrap" align="flex-start">
            <IconKey size={16} aria-hidden style={{ marginTop: 2, flexShrink: 0 }} />
            <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>{coverage}</Text>
          </Group>
          <Group gap="xs" wrap="wrap">
            <Text size="xs" c="gray.7">
              {grant.role === null ? 'With their organization role' : `As ${grant.role.name}`} · given {formatDate(grant.createdAt)}
            </Text>
            <ExpiryPill expiresAt={grant.expiresAt} expired={grant.expired} />
          </Group>
        </Stack>
        {onRevoke !== undefined && (
          <Button variant="default" size="xs" c="red.9" leftSection={<IconX size={14} aria-hidden />} onClick={onRevoke}>
            Revoke<VisuallyHidden>: {coverage}</VisuallyHidden>
          </Button>
        )}
      </Group>
    </Box>
  );
}

function RevokeGrantModal({ grant, memberName: name, onClose }: { grant: Grant | null; memberName: string; onClose: () => void }) {
  const { orgId } = useOrg();
  const revoke = useRevokeGrant(orgId);
  // The last grant stays on screen while the dialog closes.
  const [last, setLast] = useState<Grant | null>(grant);
  if (grant !== null && grant !== last) setLast(grant);
  const shown = grant ?? last;
  const close = () => {
    revoke.reset();
    onClose();
  };
  return (
    <ConfirmModal
      opened={grant !== null}
      title="Revoke this grant?"
      confirmLabel="Revoke grant"
      pending={revoke.isPending}
      error={revoke.error}
      onClose={close}
      onConfirm={() => shown !== null && revoke.mutate(shown, {
        onSuccess: () => {
          notifySuccess('Grant revoked', `${name} no longer has access through it.`);
          close();
        },
      })}
    >
      <Text size="sm">
        {name} loses the access it gives at once: <b>{shown === null ? '' : grantCoverage(shown)}</b>. Access they have through
        other grants or their organization role stays.
      </Text>
    </ConfirmModal>
  );
}
