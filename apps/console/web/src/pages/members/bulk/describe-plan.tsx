import { Group, List, Text } from '@mantine/core';
import type { PlanAction, PlanChanges, PlanGrant, PlanStatus } from '../../../api/types';
import { TagChip } from '../../../components/TagChip';
import { STATUS_LABELS } from '../../../components/StatusBadge';
import { formatDate, plural, typeNoun } from '../../../format';

/** Each action's words: the dialog's title and the notification once applied. */
export const ACTION_WORDS: Record<PlanAction, { title: string; done: (changed: number) => string; destructive?: boolean }> = {
  import_tags: { title: 'Import tags', done: (n) => `Tags imported for ${plural(n, 'member')}` },
  deactivate: { title: 'Deactivate members', done: (n) => `${plural(n, 'member')} deactivated` },
  reactivate: { title: 'Reactivate members', done: (n) => `${plural(n, 'member')} reactivated` },
  change_role: { title: 'Change role', done: (n) => `Role changed for ${plural(n, 'member')}` },
  resend_invitation: { title: 'Resend invitations', done: (n) => `${plural(n, 'invitation')} sent again` },
  add_tags: { title: 'Add tags', done: (n) => `Tags added to ${plural(n, 'member')}` },
  remove_tags: { title: 'Remove tags', done: (n) => `Tags removed from ${plural(n, 'member')}` },
  grant_access: { title: 'Grant access', done: (n) => `Access granted to ${plural(n, 'member')}` },
  revoke_access: { title: 'Revoke access', done: (n) => `Access revoked for ${plural(n, 'member')}` },
  remove: { title: 'Remove from the organization', done: (n) => `${plural(n, 'member')} removed`, destructive: true },
  delete: { title: 'Delete users', done: (n) => `${plural(n, 'user')} deleted`, destructive: true },
};

const PLAN_STATUS_LABELS: Record<PlanStatus, string> = { ...STATUS_LABELS, removed: 'Removed', deleted: 'Deleted' };

/** What a grant covers, in words: "Queue 7", "All existing queues", "All queues, including later ones", with its role and end. */
export function describeGrant(grant: PlanGrant, typeNames: ReadonlyMap<string, string>): string {
  const typeName = typeNames.get(grant.resourceType) ?? grant.resourceType;
  const many = typeNoun(typeName, true);
  const what = grant.kind === 'resource' ? grant.resource?.name ?? `A ${typeNoun(typeName)}`
    : grant.kind === 'all_existing_of_type' ? `All existing ${many}` : `All ${many}, including later ones`;
  const role = grant.role === null ? '' : ` as ${grant.role.name}`;
  const until = grant.expiresAt === null ? '' : `, until ${formatDate(grant.expiresAt)}`;
  return `${what}${role}${until}`;
}

/** One member's changes in a plan, one line each: "Role: Viewer → Manager", the tag chips, the grants. */
export function ChangeList({ changes, typeNames }: { changes: PlanChanges; typeNames: ReadonlyMap<string, string> }) {
  const tags = changes.tagsAdded.length > 0 || changes.tagsRemoved.length > 0;
  return (
    <List size="sm" spacing={4} listStyleType="none" styles={{ itemWrapper: { display: 'block' } }}>
      {changes.status !== null && (
        <List.Item data-change="status">
          {changes.status.to === 'removed' ? <>Removed from the organization</>
            : changes.status.to === 'deleted' ? <>Deleted: name and email erased</>
              : <><Label>Status:</Label> {PLAN_STATUS_LABELS[changes.status.from]} → <b>{PLAN_STATUS_LABELS[changes.status.to]}</b></>}
        </List.Item>
      )}
      {changes.role !== null && (
        <List.Item data-change="role">
          <Label>Role:</Label> {changes.role.from?.name ?? 'No role'} → <b>{changes.role.to.name}</b>
        </List.Item>
      )}
      {tags && (
        <List.Item data-change="tags">
          <Group gap={4} wrap="wrap">
            <Label>Tags:</Label>
            {changes.tagsAdded.map((name) => <TagChip key={`+${name}`} tone="added">{name}</TagChip>)}
            {changes.tagsRemoved.map((name) => <TagChip key={`-${name}`} tone="removed">{name}</TagChip>)}
          </Group>
        </List.Item>
      )}
      {changes.grantsAdded.map((grant, index) => (
        <List.Item key={`+${index}`} data-change="grant-added"><Label>Access:</Label> + {describeGrant(grant, typeNames)}</List.Item>
      ))}
      {changes.grantsRemoved.map((grant, index) => (
        <List.Item key={`-${index}`} data-change="grant-removed"><Label>Access:</Label> − {describeGrant(grant, typeNames)}</List.Item>
      ))}
      {changes.invitationResent && <List.Item data-change="invitation">Invitation sent again, with a new link</List.Item>}
    </List>
  );
}

function Label({ children }: { children: string }) {
  return <Text span size="sm" c="gray.7">{children}</Text>;
}
