import { Group, Loader, Popover, Text, UnstyledButton } from '@mantine/core';
import { IconPencil, IconPlus } from '@tabler/icons-react';
import { lazy, Suspense, useState } from 'react';
import type { Member, Tag } from '../../api/types';
import { TagChips } from '../../components/TagChip';

// The editor (a tags field with its list) is loaded the first time someone edits a row's tags.
const TagsEditor = lazy(() => import('./TagsEditor').then((module) => ({ default: module.TagsEditor })));

/**
 * A member's tags as chips. Where I may set them, the chips are a button that opens a small editor in place: the
 * catalogue to pick from and, with tags.manage, new names to create.
 */
export function TagsCell({ member, name, editable, catalogue, max = 3 }: {
  member: Member;
  /** The member's name, for the button's and the editor's words. */
  name: string;
  editable: boolean;
  /** The organization's tags; undefined while they load. */
  catalogue: readonly Tag[] | undefined;
  /** Chips shown before "+N". @default 3 */
  max?: number;
}) {
  const [opened, setOpened] = useState(false);
  const names = member.tags.map((tag) => tag.name);
  if (!editable) {
    return names.length === 0 ? <span className="visually-hidden">No tags</span> : <TagChips names={names} max={max} />;
  }
  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-start" width={320} shadow="md" trapFocus returnFocus withinPortal>
      <Popover.Target>
        <UnstyledButton className="tags-cell" onClick={() => setOpened((open) => !open)} data-tags={names.join(',')}>
          <span className="visually-hidden">Edit tags for {name}{names.length === 0 ? ' (none)' : ':'} </span>
          {names.length === 0 ? (
            <Group gap={4} wrap="nowrap" c="gray.7" className="tags-cell-empty" aria-hidden>
              <IconPlus size={14} />
              <Text span size="sm">Add tags</Text>
            </Group>
          ) : (
            <>
              <TagChips names={names} max={max} />
              <IconPencil size={14} className="tags-cell-pencil" aria-hidden />
            </>
          )}
        </UnstyledButton>
      </Popover.Target>
      <Popover.Dropdown>
        {opened && (
          <Suspense fallback={<Loader size="sm" aria-label="Loading" />}>
            <TagsEditor member={member} name={name} catalogue={catalogue ?? []} onDone={() => setOpened(false)} />
          </Suspense>
        )}
      </Popover.Dropdown>
    </Popover>
  );
}
