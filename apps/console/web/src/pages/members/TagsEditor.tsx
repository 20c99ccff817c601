import { Button, Group, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import { errorMessage } from '../../api/messages';
import { keys } from '../../api/queries';
import type { Member, MemberPage, Tag } from '../../api/types';
import { notify } from '../../components/notify';
import { useOrg } from '../../org-context';
import { TagPicker } from './TagPicker';

/** Sets one member's tags: the catalogue to pick from and, with tags.manage, new names that the API then creates. */
export function TagsEditor({ member, name, catalogue, onDone }: { member: Member; name: string; catalogue: readonly Tag[]; onDone: () => void }) {
  const { orgId, can } = useOrg();
  const client = useQueryClient();
  const allowCreate = can('tags.manage');
  const [value, setValue] = useState(member.tags.map((tag) => tag.name));
  const save = useMutation({
    mutationFn: (tags: string[]) => api.put<Member>(`/orgs/${orgId}/members/${member.id}/tags`, { tags, createMissing: allowCreate }),
    onSuccess: async (updated) => {
      // The row shows its new chips at once; the catalogue's counts and other filtered pages are fetched again.
      client.setQueriesData<MemberPage>({ queryKey: keys.members(orgId) }, (page) => page === undefined ? page : {
        ...page, items: page.items.map((item) => item.id === updated.id ? { ...item, tags: updated.tags } : item),
      });
      onDone();
      notify({ color: 'teal', title: `Tags saved for ${name}`, message: updated.tags.length === 0 ? 'They have no tags now.' : `Now tagged ${updated.tags.map((tag) => tag.name).join(', ')}.` });
      await Promise.all([
        client.invalidateQueries({ queryKey: keys.tags(orgId) }),
        client.invalidateQueries({ queryKey: keys.members(orgId) }),
        client.invalidateQueries({ queryKey: keys.member(orgId, member.id) }),
      ]);
    },
  });
  const unchanged = value.length === member.tags.length && value.every((tag, index) => tag === member.tags[index]?.name);
  return (
    <form onSubmit={(event) => { event.preventDefault(); if (!unchanged) save.mutate(value); else onDone(); }}>
      <Stack gap="sm">
        <TagPicker
          label={`Tags for ${name}`}
          description={allowCreate ? 'Pick tags, or type a new one and press Enter.' : 'Pick from the organization’s tags.'}
          placeholder={value.length === 0 ? 'Add a tag' : undefined}
          catalogue={catalogue}
          allowCreate={allowCreate}
          value={value}
          onChange={setValue}
          data-autofocus
        />
        {save.isError && <Text size="sm" c="red.8" role="alert">{errorMessage(save.error)}</Text>}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" size="xs" onClick={onDone}>Cancel</Button>
          <Button type="submit" size="xs" loading={save.isPending}>Save tags</Button>
        </Group>
      </Stack>
    </form>
  );
}
