import { Anchor, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { Member } from '../../../api/types';
import { ExpiryPill } from '../../../components/ExpiryPill';
import { Section } from '../../../components/Section';
import { STATUS_LABELS } from '../../../components/StatusBadge';
import { formatDate, formatDateTime } from '../../../format';
import { useOrg } from '../../../org-context';

/** A member's details as the organization knows them. */
export function DetailsTab({ member, self }: { member: Member; /** The member is the signed-in person. */ self: boolean }) {
  const { organization } = useOrg();
  const invitationEnds = member.status === 'invite_pending' || member.status === 'invite_expired' ? member.invitation?.expiresAt : undefined;
  return (
    <Section
      id="member-details"
      title="Details"
      description={self
        ? <>This is you. Change your name on <Anchor component={Link} to="/profile">your profile</Anchor>.</>
        : `${organization.name}'s record of this person.`}
    >
      <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="lg" verticalSpacing="md">
        <Fact label="Email">{member.email ?? '—'}</Fact>
        <Fact label="Status">{STATUS_LABELS[member.status]}</Fact>
        <Fact label="Role">{member.role?.name ?? 'No role yet'}</Fact>
        <Fact label="Type">{member.kind === 'external' ? 'External collaborator' : 'Member'}</Fact>
        <Fact label="Description">{member.description === '' ? '—' : member.description}</Fact>
        <Fact label="Last connection">{formatDateTime(member.lastConnectionAt, 'Never')}</Fact>
        <Fact label="Added">{formatDate(member.createdAt)}</Fact>
        <Fact label="Membership ends">
          {member.accessExpiresAt === null || member.accessExpiresAt === undefined ? 'Never' : (
            <Group gap="xs" wrap="wrap">
              <span>{formatDate(member.accessExpiresAt)}</span>
              <ExpiryPill expiresAt={member.accessExpiresAt} soonOnly />
            </Group>
          )}
        </Fact>
        {invitationEnds !== undefined && <Fact label="Invitation link expires">{formatDateTime(invitationEnds)}</Fact>}
      </SimpleGrid>
    </Section>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" fw={700} tt="uppercase" c="gray.7" style={{ letterSpacing: '0.03em' }}>{label}</Text>
      <Text size="sm" component="div" style={{ overflowWrap: 'anywhere' }}>{children}</Text>
    </Stack>
  );
}
