import { notify } from '../../components/notify';
import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { errorMessage } from '../../api/messages';
import { keys } from '../../api/queries';
import type { Grant, GrantInput, GrantList, InviteResponse, Member, MemberPage } from '../../api/types';
import { formatDate } from '../../format';
import type { GrantChanges } from './access-form';
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
  /** The resource access they get once they accept. */
  access: GrantInput[];
  /** When their membership ends by itself, ISO 8601; null: never. */
  accessExpiresAt: string | null;
}

/** The fields an edit changes; only those are sent. */
export interface MemberChanges {
  firstName?: string;
  lastName?: string;
  description?: string;
  /** Giving a role to someone who has none activates them. */
  roleId?: string;
  kind?: 'member' | 'external';
  /** When their membership ends by itself, ISO 8601; null: never. */
  accessExpiresAt?: string | null;
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
      access: input.access.length === 0 ? undefined : input.access,
      accessExpiresAt: input.accessExpiresAt ?? undefined,
    }),
    onSuccess: () => refresh(),
  });
}

/** One member, as the members table shows them. */
export function useMember(orgId: string, memberId: string) {
  return useQuery({
    queryKey: keys.member(orgId, memberId),
    queryFn: () => api.get<Member>(`/orgs/${orgId}/members/${memberId}`),
  });
}

/** A member's access grants, as they are now. */
export function useGrants(orgId: string, memberId: string, enabled = true) {
  return useQuery({
    queryKey: keys.grants(orgId, memberId),
    queryFn: async () => (await api.get<GrantList>(`/orgs/${orgId}/members/${memberId}/grants`)).items,
    enabled,
  });
}

/** Revokes one grant; the member's grants and access are fetched again. */
export function useRevokeGrant(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (grant: Grant) => api.delete(`/orgs/${orgId}/members/${grant.memberId}/grants/${grant.id}`),
    onSuccess: (_nothing, grant) => client.invalidateQueries({ queryKey: keys.member(orgId, grant.memberId) }),
  });
}

/** A refusal met while saving a member's resource access, after their other changes (if any) were saved. */
export class GrantSaveError extends Error {
  constructor(
    /** The API's refusal. */
    readonly reason: unknown,
    /** Whether the member's other changes were saved before it. */
    readonly detailsSaved: boolean,
  ) {
    super('The resource access could not be saved');
    this.name = 'GrantSaveError';
  }
}

/**
 * Saves a member's changes, then their grant changes one by one (revokes first, so a narrower
 * grant never sits beside the wider one replacing it). Everything about the member is fetched
 * again afterwards, also after a refusal, so that saving again starts from what was saved.
 */
export function useSaveMember(orgId: string) {
  const refresh = useRefreshMembers(orgId);
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ member, changes, grants }: { member: Member; changes: MemberChanges; grants: GrantChanges }) => {
      const detailsSaved = Object.keys(changes).length > 0;
      const updated = detailsSaved ? await api.patch<Member>(`/orgs/${orgId}/members/${member.id}`, changes) : member;
      const path = `/orgs/${orgId}/members/${member.id}/grants`;
      try {
        for (const grant of grants.remove) await api.delete(`${path}/${grant.id}`);
        for (const { grant, body } of grants.update) await api.patch(`${path}/${grant.id}`, body);
        for (const input of grants.create) await api.post(path, input);
      } catch (error) {
        throw new GrantSaveError(error, detailsSaved);
      }
      return updated;
    },
    onSettled: (_updated, _error, { member }) => Promise.all([
      refresh(),
      client.invalidateQueries({ queryKey: keys.member(orgId, member.id) }),
    ]),
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
