import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api } from './client';
import type { Me, MyOrganization, PermissionList, ResourceTypeList, RoleList, TagList } from './types';

/** Query keys, one place so invalidation matches what was fetched. */
export const keys = {
  me: ['me'] as const,
  org: (orgId: string) => ['org', orgId] as const,
  members: (orgId: string) => ['org', orgId, 'members'] as const,
  member: (orgId: string, memberId: string) => ['org', orgId, 'member', memberId] as const,
  roles: (orgId: string) => ['org', orgId, 'roles'] as const,
  permissions: ['permissions'] as const,
  inviteLink: (orgId: string) => ['org', orgId, 'invite-link'] as const,
  audit: (orgId: string) => ['org', orgId, 'audit'] as const,
  mail: (orgId: string) => ['org', orgId, 'mail'] as const,
  resourceTypes: (orgId: string) => ['org', orgId, 'resource-types'] as const,
  resources: (orgId: string) => ['org', orgId, 'resources'] as const,
  grants: (orgId: string, memberId: string) => ['org', orgId, 'member', memberId, 'grants'] as const,
  memberAccess: (orgId: string, memberId: string) => ['org', orgId, 'member', memberId, 'access'] as const,
  apiTokens: (orgId: string) => ['org', orgId, 'api-tokens'] as const,
  usage: (orgId: string) => ['org', orgId, 'usage'] as const,
  tags: (orgId: string) => ['org', orgId, 'tags'] as const,
  plan: (orgId: string, planId: string) => ['org', orgId, 'plan', planId] as const,
};

/** The signed-in user and their organizations; `null` when signed out. */
export function useMe() {
  return useQuery(meQuery);
}

/** The query behind `useMe`, also started before the first page's code has loaded. */
export const meQuery = queryOptions({
  queryKey: keys.me,
  queryFn: async (): Promise<Me | null> => {
    try {
      return await api.get<Me>('/me');
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return null;
      throw error;
    }
  },
  staleTime: 30_000,
});

/** My membership in one organization, with helpers to ask what I may do there. */
export interface OrgAccess {
  membership: MyOrganization;
  /** Whether my role has this permission; always false unless my membership is active. */
  can: (permission: string) => boolean;
  /** My role's rank; -1 without a role. */
  rank: number;
}

/** What the signed-in person may do in one organization: nothing unless their membership is active. */
export function accessFor(membership: MyOrganization): OrgAccess {
  const permissions = new Set(membership.permissions);
  return {
    membership,
    can: (permission) => membership.status === 'active' && permissions.has(permission),
    rank: membership.role?.rank ?? -1,
  };
}

/** The organization's roles, highest rank first. */
export function useRoles(orgId: string, enabled = true) {
  return useQuery({ ...rolesQuery(orgId), enabled });
}

/** The query behind `useRoles`. */
export function rolesQuery(orgId: string) {
  return queryOptions({
    queryKey: keys.roles(orgId),
    queryFn: async () => {
      const list = await api.get<RoleList>(`/orgs/${orgId}/roles`);
      return [...list.items].sort((a, b) => b.rank - a.rank || a.name.localeCompare(b.name));
    },
    staleTime: 60_000,
  });
}

/** The organization's resource types (queues, sites, projects…), by name. */
export function useResourceTypes(orgId: string, enabled = true) {
  return useQuery({
    queryKey: keys.resourceTypes(orgId),
    queryFn: async () => {
      const list = await api.get<ResourceTypeList>(`/orgs/${orgId}/resource-types`);
      return [...list.items].sort((a, b) => a.name.localeCompare(b.name));
    },
    staleTime: 60_000,
    enabled,
  });
}

/** The organization's member tags, by name, each with how many members carry it. */
export function useTags(orgId: string, enabled = true) {
  return useQuery({
    queryKey: keys.tags(orgId),
    queryFn: async () => {
      const list = await api.get<TagList>(`/orgs/${orgId}/tags`);
      return [...list.items].sort((a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }));
    },
    staleTime: 30_000,
    enabled,
  });
}

/** The permission catalogue. */
export function usePermissions() {
  return useQuery({
    queryKey: keys.permissions,
    queryFn: () => api.get<PermissionList>('/permissions'),
    staleTime: Infinity,
  });
}

/** Invalidates everything cached about one organization (after a change to it). */
export function useInvalidateOrg() {
  const client = useQueryClient();
  return (orgId: string) => client.invalidateQueries({ queryKey: keys.org(orgId) });
}
