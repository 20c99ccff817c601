import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client';
import { keys } from '../../../api/queries';
import type { Tag } from '../../../api/types';

/** The tag catalogue, and the members who show tags in the table (a rename or delete changes their chips). */
function useRefreshTags(orgId: string) {
  const client = useQueryClient();
  return () => Promise.all([
    client.invalidateQueries({ queryKey: keys.tags(orgId) }),
    client.invalidateQueries({ queryKey: keys.members(orgId) }),
  ]);
}

/** Adds, renames or deletes a tag of the catalogue. */
export function useTagActions(orgId: string) {
  const refresh = useRefreshTags(orgId);
  return {
    create: useMutation({
      mutationFn: (name: string) => api.post<Tag>(`/orgs/${orgId}/tags`, { name }),
      onSuccess: () => refresh(),
    }),
    rename: useMutation({
      mutationFn: ({ tag, name }: { tag: Tag; name: string }) => api.patch<Tag>(`/orgs/${orgId}/tags/${tag.id}`, { name }),
      onSuccess: () => refresh(),
    }),
    remove: useMutation({
      mutationFn: (tag: Tag) => api.delete(`/orgs/${orgId}/tags/${tag.id}`),
      onSuccess: () => refresh(),
    }),
  };
}
