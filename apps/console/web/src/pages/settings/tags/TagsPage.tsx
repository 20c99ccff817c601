import { Anchor, Box, Button, Group, Text, VisuallyHidden } from '@mantine/core';
import { IconPencil, IconPlus, IconTag, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { useTags } from '../../../api/queries';
import type { Tag } from '../../../api/types';
import { NoAccess } from '../../../components/NoAccess';
import { Section } from '../../../components/Section';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States';
import { plural } from '../../../format';
import { useOrg } from '../../../org-context';
import { SettingsFrame } from '../SettingsFrame';
import { DeleteTagModal, TagFormModal } from './TagDialogs';

/** Settings → Member tags: the organization's tag catalogue, with how many members carry each tag; add, rename, delete. */
export function TagsPage() {
  const { orgId, can } = useOrg();
  const allowed = can('tags.manage');
  const tags = useTags(orgId, allowed);
  // `undefined`: closed; `null`: adding; a tag: renaming it.
  const [editing, setEditing] = useState<Tag | null | undefined>(undefined);
  const [deleting, setDeleting] = useState<Tag | null>(null);
  const description = 'Tags group members, such as a team or a place, so that the members table can be filtered and acted on by them.';

  if (!allowed) return <SettingsFrame description={description}><NoAccess what="the organization's member tags" /></SettingsFrame>;

  let body;
  if (tags.isPending) {
    body = <LoadingState label="Loading tags…" />;
  } else if (tags.isError) {
    body = <ErrorState error={tags.error} onRetry={() => void tags.refetch()} />;
  } else if (tags.data.length === 0) {
    body = (
      <EmptyState
        icon={<IconTag size={26} />}
        title="No tags yet"
        description="Add tags here, tag people straight from the members table, or import a CSV file of emails and tags from the members page."
        action={<Button variant="default" leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing(null)}>Add the first tag</Button>}
      />
    );
  } else {
    body = (
      <Box component="ul" aria-label="Member tags" m={0} p={0} style={{ listStyle: 'none' }}>
        {tags.data.map((tag, index) => (
          <TagRow key={tag.id} tag={tag} first={index === 0} orgId={orgId} onRename={() => setEditing(tag)} onDelete={() => setDeleting(tag)} />
        ))}
      </Box>
    );
  }

  return (
    <SettingsFrame description={description}>
      <Section
        id="member-tags"
        title="Member tags"
        description={tags.data === undefined || tags.data.length === 0
          ? 'A tag’s name is unique in the organization, whatever its capitals.'
          : `${plural(tags.data.length, 'tag')}, by name. A tag’s name is unique in the organization, whatever its capitals.`}
        aside={tags.data !== undefined && tags.data.length > 0 ? (
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing(null)}>Add tag</Button>
        ) : undefined}
      >
        {body}
      </Section>
      <TagFormModal opened={editing !== undefined} tag={editing ?? null} onClose={() => setEditing(undefined)} />
      <DeleteTagModal tag={deleting} onClose={() => setDeleting(null)} />
    </SettingsFrame>
  );
}

function TagRow({ tag, first, orgId, onRename, onDelete }: { tag: Tag; first: boolean; orgId: string; onRename: () => void; onDelete: () => void }) {
  return (
    <Box
      component="li"
      py="sm"
      data-tag-id={tag.id}
      data-tag-name={tag.name}
      style={first ? undefined : { borderTop: '1px solid var(--mantine-color-gray-2)' }}
    >
      <Group justify="space-between" gap="sm" wrap="wrap">
        <Group gap="sm" wrap="wrap" style={{ flex: '1 1 260px', minWidth: 0 }}>
          <Group gap={8} wrap="nowrap" style={{ minWidth: 0 }}>
            <IconTag size={16} aria-hidden color="var(--mantine-color-gray-6)" style={{ flexShrink: 0 }} />
            <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>{tag.name}</Text>
          </Group>
          {tag.memberCount === 0 ? (
            <Text size="sm" c="gray.7" data-member-count={0}>No members</Text>
          ) : (
            <Anchor
              component={Link}
              to={`/orgs/${orgId}/members?tag=${encodeURIComponent(tag.id)}`}
              size="sm"
              c="gray.7"
              underline="hover"
              data-member-count={tag.memberCount}
            >
              {plural(tag.memberCount, 'member')}<VisuallyHidden> tagged {tag.name}</VisuallyHidden>
            </Anchor>
          )}
        </Group>
        <Group gap="xs">
          <Button variant="default" size="xs" leftSection={<IconPencil size={14} aria-hidden />} onClick={onRename}>
            Rename<VisuallyHidden> {tag.name}</VisuallyHidden>
          </Button>
          <Button variant="default" size="xs" c="red.9" leftSection={<IconTrash size={14} aria-hidden />} onClick={onDelete}>
            Delete<VisuallyHidden> {tag.name}</VisuallyHidden>
          </Button>
        </Group>
      </Group>
    </Box>
  );
}
