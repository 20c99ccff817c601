import { useMutation, useQueries, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client';
import { keys } from '../../../api/queries';
import type { Resource, ResourceType } from '../../../api/types';

/** Everything cached about resources: types (with their counts), lists, searches and single resources. */
function useRefreshResources(orgId: string) {
  const client = useQueryClient();
  return () => Promise.all([
    client.invalidateQueries({ queryKey: keys.resourceTypes(orgId) }),
    client.invalidateQueries({ queryKey: keys.resources(orgId) }),
  ]);
}

/** Creates, renames or deletes a resource type. */
export function useResourceTypeActions(orgId: string) {
  const refresh = useRefreshResources(orgId);
  return {
    create: useMutation({
      mutationFn: (body: { key: string; name: string }) => api.post<ResourceType>(`/orgs/${orgId}/resource-types`, body),
      onSuccess: () => refresh(),
    }),
    rename: useMutation({
      mutationFn: ({ type, name }: { type: ResourceType; name: string }) => api.patch<ResourceType>(`/orgs/${orgId}/resource-types/${type.key}`, { name }),
      onSuccess: () => refresh(),
    }),
    remove: useMutation({
      mutationFn: (type: ResourceType) => api.delete(`/orgs/${orgId}/resource-types/${type.key}`),
      onSuccess: () => refresh(),
    }),
  };
}

/** What the "Add resource" dialog sends. */
export interface NewResource {
  type: string;
  externalId: string;
  name: string;
  /** The id of the resource it sits in, or null at the top level. */
  parentId: string | null;
}

/** Creates, renames, moves or deletes a resource. */
export function useResourceActions(orgId: string) {
  const refresh = useRefreshResources(orgId);
  return {
    create: useMutation({
      mutationFn: ({ parentId, ...body }: NewResource) => api.post<Resource>(`/orgs/${orgId}/resources`, {
        ...body, ...(parentId !== null && { parent: { id: parentId } }),
      }),
      onSuccess: () => refresh(),
    }),
    update: useMutation({
      mutationFn: ({ resource, name, parentId }: { resource: Resource; name?: string; parentId?: string | null }) =>
        api.patch<Resource>(`/orgs/${orgId}/resources/${resource.id}`, {
          ...(name !== undefined && { name }),
          ...(parentId !== undefined && { parent: parentId === null ? null : { id: parentId } }),
        }),
      onSuccess: () => refresh(),
    }),
    remove: useMutation({
      mutationFn: (resource: Resource) => api.delete(`/orgs/${orgId}/resources/${resource.id}`),
      onSuccess: () => refresh(),
    }),
  };
}

/** The resources with these ids (the parents a list names), fetched one by one and kept; each answers undefined until loaded. */
export function useResourcesById(orgId: string, ids: string[]): Map<string, Resource> {
  const results = useQueries({
    queries: ids.map((id) => ({
      queryKey: [...keys.resources(orgId), 'one', id],
      queryFn: () => api.get<Resource>(`/orgs/${orgId}/resources/${id}`),
      staleTime: 60_000,
    })),
  });
  const found = new Map<string, Resource>();
  for (const result of results) if (result.data !== undefined) found.set(result.data.id, result.data);
  return found;
}
