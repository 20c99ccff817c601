import { notify } from '../../components/notify';
import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { errorMessage } from '../../api/messages';
import { keys } from '../../api/queries';
import type { InviteResponse, Member, MemberPage } from '../../api/types';
import { formatDate } from '../../format';
import { apiQuery, type MembersView } from './view';
import { memberName } from './member-rules';

/** One page of the members table; the previous page stays on screen while the next one loads. */
export function useMembersPage(orgId: string, view: MembersView) {
  return useQuery({ ...membersPageQuery(orgId, view), placeholderData: keepPreviousData });
}

/** The query behind `useMembersPage`, also started before the page's code has loaded. */
export function membersPageQuery(orgId: string, view: MembersView) {
  const query = apiQuery(view);
  return queryOptions({
    queryKey: [...keys.members(orgId), query],
    queryFn: () => api.get<MemberPage>(`/orgs/${orgId}/members`, query),
    // Fresh for a few seconds: the page prefetched at boot is not fetched again when the table mounts.
    staleTime: 5_000,
  });
}

/** What the "Add user" form sends to invite a person. */
export interface InviteInput {
  firstName: string;
  lastName: string;
  email: string;
  /** Shown under their name in the table; left out when blank. */
  description: string;
  /** The role they get; `''` until one is chosen. */
  roleId: string;
  /** A member of the organization, or an external collaborator (listed in its own tab). */
  kind: 'member' | 'external';
}

/** The fields an edit changes; only those are sent. */
export interface MemberChanges {
  firstName?: string;
  lastName?: string;
  description?: string;
  /** Giving a role to someone who has none activates them. */
  roleId?: string;
  kind?: 'member' | 'external';
}

function useRefreshMembers(orgId: string) {
  const client = useQueryClient();
  // The same page is fetched again (same cursor), so the table keeps its place.
  return () => client.invalidateQueries({ queryKey: keys.members(orgId) });
}

/** Invites a person; the members table is fetched again on success. */
export function useInvite(orgId: string) {
  const refresh = useRefreshMembers(orgId);
  return useMutation({
    mutationFn: (input: InviteInput) => api.post<InviteResponse>(`/orgs/${orgId}/invitations`, {
      firstName: input.firstName.trim(),
      lastName: input.lastName.trim(),
      email: input.email.trim(),
      description: input.description.trim() === '' ? undefined : input.description.trim(),
      roleId: input.roleId,
      kind: input.kind,
    }),
    onSuccess: () => refresh(),
  });
}

/** Saves changes to a member; the members table is fetched again on success. */
export function useUpdateMember(orgId: string) {
  const refresh = useRefreshMembers(orgId);
  return useMutation({
    mutationFn: ({ member, changes }: { member: Member; changes: MemberChanges }) =>
      api.patch<Member>(`/orgs/${orgId}/members/${member.id}`, changes),
    onSuccess: () => refresh(),
  });
}

/** The deactivate switch: the row changes at once and goes back if the API refuses. */
export function useSetActive(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ member, active }: { member: Member; active: boolean }) =>
      api.post<Member>(`/orgs/${orgId}/members/${member.id}/${active ? 'reactivate' : 'deactivate'}`),
    onMutate: async ({ member, active }) => {
      await client.cancelQueries({ queryKey: keys.members(orgId) });
      const snapshot = client.getQueriesData<MemberPage>({ queryKey: keys.members(orgId) });
      client.setQueriesData<MemberPage>({ queryKey: keys.members(orgId) }, (page) => page === undefined ? page : {
        ...page,
        items: page.items.map((item) => item.id === member.id ? { ...item, status: active ? 'active' : 'deactivated' } : item),
      });
      return { snapshot };
    },
    onError: (error, { member, active }, context) => {
      for (const [key, data] of context?.snapshot ?? []) client.setQueryData(key, data);
      notify({
        color: 'red',
        title: `${memberName(member)} could not be ${active ? 'reactivated' : 'deactivated'}`,
        message: errorMessage(error),
      });
    },
    onSuccess: (_updated, { member, active }) => {
      notify({
        color: active ? 'teal' : 'gray',
        title: active ? `${memberName(member)} is active again` : `${memberName(member)} is deactivated`,
        message: active
          ? 'They can sign in and use the organization again.'
          : 'Their access stopped at once. Turn the switch back on to restore it.',
      });
    },
    onSettled: () => client.invalidateQueries({ queryKey: keys.members(orgId) }),
  });
}

/** Resend (a new link), renew (the same link works again) or revoke an invitation. */
export type InvitationAction = 'resend' | 'renew' | 'revoke';

/** Resends, renews or revokes an invitation and says how it went; a failed revoke is shown in its dialog instead. */
export function useInvitationAction(orgId: string) {
  const refresh = useRefreshMembers(orgId);
  return useMutation({
    mutationFn: async ({ member, action }: { member: Member; action: InvitationAction }) => {
      const invitationId = member.invitation?.id;
      if (invitationId === undefined) throw new Error('This person has no invitation.');
      const path = `/orgs/${orgId}/invitations/${invitationId}`;
      if (action === 'revoke') {
        await api.delete(path);
        return null;
      }
      return api.post<{ expiresAt: string }>(`${path}/${action}`);
    },
    onSuccess: (invitation, { member, action }) => {
      const who = member.email ?? memberName(member);
      const until = invitation?.expiresAt === undefined ? '' : ` It is valid until ${formatDate(invitation.expiresAt)}.`;
      if (action === 'resend') {
        notify({ color: 'teal', title: `Invitation sent again to ${who}`, message: `The previous link no longer works.${until}` });
      } else if (action === 'renew') {
        notify({ color: 'teal', title: `Invitation renewed for ${who}`, message: `The same link works again.${until}` });
      } else {
        notify({ color: 'gray', title: `Invitation revoked`, message: `The link sent to ${who} no longer works.` });
      }
      return refresh();
    },
    onError: (error, { member, action }) => {
      if (action === 'revoke') return; // shown in the confirmation dialog
      notify({
        color: 'red',
        title: `The invitation for ${member.email ?? memberName(member)} could not be ${action === 'resend' ? 'sent again' : 'renewed'}`,
        message: errorMessage(error),
      });
    },
  });
}

/** Removes a member (`erase: false`), or deletes them and erases their name and email (`erase: true`). */
export function useRemoveMember(orgId: string) {
  const refresh = useRefreshMembers(orgId);
  return useMutation({
    mutationFn: ({ member, erase }: { member: Member; erase: boolean }) =>
      api.delete(`/orgs/${orgId}/members/${member.id}`, erase ? { erase: 'true' } : undefined),
    onSuccess: (_nothing, { member, erase }) => {
      notify({
        color: 'gray',
        title: erase ? `${memberName(member)} was deleted` : `${memberName(member)} was removed`,
        message: erase
          ? 'Their work stays in the organization and is shown as "Deleted User".'
          : 'They no longer have access. Their work stays in the organization.',
      });
      return refresh();
    },
  });
}
