import { List, Text } from '@mantine/core';
import { useState } from 'react';
import type { Member } from '../../api/types';
import { ConfirmModal } from '../../components/ConfirmModal';
import { useOrg } from '../../org-context';
import { useInvitationAction, useRemoveMember } from './member-api';
import { memberName } from './member-rules';

/** A revoke, remove or delete waiting for confirmation, and the member it is about. */
export type Confirmation = { action: 'revoke' | 'remove' | 'delete'; member: Member };

/** The confirmations for revoke, remove and delete; one at a time for the whole table. */
export function MemberConfirmations({ confirmation, onClose }: { /** The question to ask; `null` closes the dialog. */ confirmation: Confirmation | null; onClose: () => void }) {
  const { orgId, organization } = useOrg();
  const invitation = useInvitationAction(orgId);
  const remove = useRemoveMember(orgId);
  // The last question stays on screen while its dialog closes, so its words do not vanish mid-animation.
  const [last, setLast] = useState<Confirmation | null>(confirmation);
  if (confirmation !== null && confirmation !== last) setLast(confirmation);
  const member = (confirmation ?? last)?.member;
  const name = member === undefined ? '' : memberName(member);
  const close = () => {
    invitation.reset();
    remove.reset();
    onClose();
  };
  const done = { onSuccess: close };

  return (
    <>
      <ConfirmModal
        opened={confirmation?.action === 'revoke'}
        title={`Revoke the invitation for ${name}?`}
        confirmLabel="Revoke invitation"
        pending={invitation.isPending}
        error={invitation.error}
        onClose={close}
        onConfirm={() => member !== undefined && invitation.mutate({ member, action: 'revoke' }, done)}
      >
        <Text size="sm">
          The link sent to <b>{member?.email}</b> stops working and they leave the members table.
          You can invite them again later.
        </Text>
      </ConfirmModal>

      <ConfirmModal
        opened={confirmation?.action === 'remove'}
        title={`Remove ${name} from ${organization.name}?`}
        confirmLabel="Remove"
        pending={remove.isPending}
        error={remove.error}
        onClose={close}
        onConfirm={() => member !== undefined && remove.mutate({ member, erase: false }, done)}
      >
        <List size="sm" spacing={6}>
          <List.Item>{name} loses access to {organization.name} at once and leaves the members table.</List.Item>
          <List.Item>Their work stays in the organization, and its history still shows their name.</List.Item>
          <List.Item>To come back, they must be invited again.</List.Item>
        </List>
      </ConfirmModal>

      <ConfirmModal
        opened={confirmation?.action === 'delete'}
        title={`Delete ${name}?`}
        confirmLabel="Delete user"
        pending={remove.isPending}
        error={remove.error}
        onClose={close}
        onConfirm={() => member !== undefined && remove.mutate({ member, erase: true }, done)}
      >
        <List size="sm" spacing={6}>
          <List.Item>{name} loses access to {organization.name} at once.</List.Item>
          <List.Item>
            Their work stays in the organization and is shown as <b>“Deleted User”</b>: their name and email are
            erased from its records.
          </List.Item>
          <List.Item>To come back, they must be invited again, as a new user.</List.Item>
        </List>
        <Text size="sm" fw={600}>This cannot be undone.</Text>
      </ConfirmModal>
    </>
  );
}
