import { Modal, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { ApiError } from '../../../api/client';
import { errorMessage, fieldErrors } from '../../../api/messages';
import type { Tag } from '../../../api/types';
import { ConfirmModal } from '../../../components/ConfirmModal';
import { FormError } from '../../../components/FormError';
import { notifySuccess } from '../../../components/notify';
import { plural } from '../../../format';
import { useOrg } from '../../../org-context';
import { TAG_NAME_MAX, tagNameProblem } from '../../members/tag-rules';
import { useTagActions } from './tag-api';
import { FormActions } from '../../../components/FormActions';

/** Refusals that belong to the name field. */
function tagFieldErrors(error: unknown): Record<string, string> {
  const fields = fieldErrors(error);
  if (error instanceof ApiError && error.code === 'tag.name_taken') fields.name = 'Another tag already has this name.';
  return fields;
}

/** Add a tag (`tag` null) or rename one. */
export function TagFormModal({ opened, tag, onClose }: { opened: boolean; /** The tag to rename; null adds one. */ tag: Tag | null; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title={tag === null ? 'Add tag' : `Rename the tag ${tag.name}`}>
      {opened && <TagForm key={tag?.id ?? 'new'} tag={tag} onClose={onClose} />}
    </Modal>
  );
}

function TagForm({ tag, onClose }: { tag: Tag | null; onClose: () => void }) {
  const { orgId } = useOrg();
  const actions = useTagActions(orgId);
  const creating = tag === null;
  const save = creating ? actions.create : actions.rename;
  const form = useForm({ initialValues: { name: tag?.name ?? '' }, validate: { name: tagNameProblem } });
  const submit = form.onSubmit((values) => {
    const name = values.name.trim();
    const done = {
      onSuccess: () => {
        notifySuccess(creating ? 'Tag added' : 'Tag renamed', creating
          ? `${name} can now be given to members.`
          : `Every member tagged ${tag.name} is now tagged ${name}.`);
        onClose();
      },
      onError: (error: unknown) => form.setErrors(tagFieldErrors(error)),
    };
    if (creating) actions.create.mutate(name, done);
    else actions.rename.mutate({ tag, name }, done);
  });
  const fieldLevel = Object.keys(tagFieldErrors(save.error)).length > 0;
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <TextInput
          label="Name"
          description={creating ? 'Such as a team or a place: Data Science, Seattle.' : 'Members keep the tag under its new name.'}
          placeholder="Seattle"
          required
          data-autofocus
          maxLength={TAG_NAME_MAX}
          {...form.getInputProps('name')}
        />
        {save.isError && !fieldLevel && <FormError>{errorMessage(save.error)}</FormError>}
        <FormActions onCancel={onClose} loading={save.isPending}>{creating ? 'Add tag' : 'Save'}</FormActions>
      </Stack>
    </form>
  );
}

/** Confirms deleting a tag, which takes it off every member who has it. */
export function DeleteTagModal({ tag, onClose }: { /** The tag to delete; null closes the dialog. */ tag: Tag | null; onClose: () => void }) {
  const { orgId } = useOrg();
  const { remove } = useTagActions(orgId);
  // The last tag stays on screen while the dialog closes, so its words do not vanish mid-animation.
  const [last, setLast] = useState(tag);
  if (tag !== null && tag !== last) setLast(tag);
  const shown = tag ?? last;
  const close = () => {
    remove.reset();
    onClose();
  };
  return (
    <ConfirmModal
      opened={tag !== null}
      title={`Delete the tag ${shown?.name ?? ''}?`}
      confirmLabel="Delete tag"
      pending={remove.isPending}
      error={remove.error}
      onClose={close}
      onConfirm={() => shown !== null && remove.mutate(shown, {
        onSuccess: () => {
          notifySuccess('Tag deleted', shown.memberCount === 0
            ? `${shown.name} is no longer in the catalogue.`
            : `${shown.name} was taken off ${plural(shown.memberCount, 'member')}.`);
          close();
        },
      })}
    >
      {shown !== null && (
        <Text size="sm">
          {shown.memberCount === 0
            ? <>No member has <b>{shown.name}</b>; it leaves the catalogue.</>
            : <>It is taken off the <b>{plural(shown.memberCount, 'member')}</b> who {shown.memberCount === 1 ? 'has' : 'have'} it, and leaves the catalogue. This cannot be undone.</>}
        </Text>
      )}
    </ConfirmModal>
  );
}
