import { Modal, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { ApiError } from '../../../api/client';
import { errorMessage, fieldErrors } from '../../../api/messages';
import type { Resource, ResourceType } from '../../../api/types';
import { ConfirmModal } from '../../../components/ConfirmModal';
import { FormError } from '../../../components/FormError';
import { notifySuccess } from '../../../components/notify';
import { ResourceSelect, toChoice, type ResourceChoice } from '../../../components/ResourcePicker';
import { plural, typeNoun } from '../../../format';
import { useOrg } from '../../../org-context';
import { all, maxLength, required } from '../../../validation';
import { useResourceActions, useResourceTypeActions } from './resource-api';
import { FormActions } from '../../../components/FormActions';

/** What the API accepts as a resource type key. */
const TYPE_KEY_PATTERN = /^[a-z][a-z0-9_-]{0,39}$/;
/** What the API accepts as an external id. */
const EXTERNAL_ID_PATTERN = /^[^\s/]{1,200}$/;

/** A type key from its name: "Work queue" → "work_queue". */
function keyFromName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[^a-z]+/, '')
    .slice(0, 40)
    .replace(/_+$/, '');
}

const monospace = { input: { fontFamily: 'var(--mantine-font-family-monospace)' } };

/** Refusals that belong to one field of a resource or type form. */
function resourceFieldErrors(error: unknown): Record<string, string> {
  const fields = fieldErrors(error);
  if (error instanceof ApiError) {
    if (error.code === 'resource_type.key_taken') fields.key = 'Another resource type already uses this key.';
    if (error.code === 'resource.external_id_taken') fields.externalId = 'A resource of this type already has this external id.';
    if (error.code === 'resource.cycle' || error.code === 'resource.too_deep') fields.parent = error.message;
  }
  return fields;
}

/** Add a resource type (`type` null) or rename one. */
export function TypeFormModal({ opened, type, onClose }: { opened: boolean; /** The type to rename; null adds one. */ type: ResourceType | null; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title={type === null ? 'Add resource type' : `Rename ${type.name}`}>
      {opened && <TypeForm key={type?.id ?? 'new'} type={type} onClose={onClose} />}
    </Modal>
  );
}

function TypeForm({ type, onClose }: { type: ResourceType | null; onClose: () => void }) {
  const { orgId } = useOrg();
  const actions = useResourceTypeActions(orgId);
  const save = type === null ? actions.create : actions.rename;
  const creating = type === null;
  const [keyTouched, setKeyTouched] = useState(false);
  const form = useForm({
    initialValues: { name: type?.name ?? '', key: type?.key ?? '' },
    validate: {
      name: all(required('a name, such as Queue'), maxLength(60)),
      key: (value) => (!creating || TYPE_KEY_PATTERN.test(value) ? null
        : 'Use lower-case letters, digits, - and _, starting with a letter (at most 40 characters)'),
    },
  });
  const submit = form.onSubmit((values) => {
    const name = values.name.trim();
    const done = {
      onSuccess: () => {
        notifySuccess(creating ? 'Resource type added' : 'Resource type renamed', creating
          ? `The product can now register ${typeNoun(name, true)} with the key “${values.key}”.`
          : `It is now called ${name}.`);
        onClose();
      },
      onError: (error: unknown) => form.setErrors(resourceFieldErrors(error)),
    };
    if (creating) actions.create.mutate({ key: values.key, name }, done);
    else actions.rename.mutate({ type, name }, done);
  });
  const fieldLevel = Object.keys(resourceFieldErrors(save.error)).length > 0;
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <TextInput
            label="Name"
            description="As people say it, singular."
            placeholder="Queue"
            required
            data-autofocus
            maxLength={60}
            {...form.getInputProps('name')}
            onChange={(event) => {
              const name = event.currentTarget.value;
              form.setFieldValue('name', name);
              if (creating && !keyTouched) form.setFieldValue('key', keyFromName(name));
            }}
          />
          <TextInput
            label="Key"
            description={creating ? 'What the product sends in the API. It cannot change later.' : 'The key cannot change.'}
            placeholder="queue"
            required={creating}
            readOnly={!creating}
            maxLength={40}
            styles={monospace}
            {...form.getInputProps('key')}
            onChange={(event) => {
              setKeyTouched(true);
              form.setFieldValue('key', event.currentTarget.value);
            }}
          />
        </SimpleGrid>
        {save.isError && !fieldLevel && <FormError>{errorMessage(save.error)}</FormError>}
        <FormActions onCancel={onClose} loading={save.isPending}>{creating ? 'Add type' : 'Save'}</FormActions>
      </Stack>
    </form>
  );
}

/** Confirms deleting a resource type; Roster refuses while resources of it exist. */
export function DeleteTypeModal({ type, onClose }: { /** The type to delete; null closes the dialog. */ type: ResourceType | null; onClose: () => void }) {
  const { orgId } = useOrg();
  const { remove } = useResourceTypeActions(orgId);
  const [last, setLast] = useState(type);
  if (type !== null && type !== last) setLast(type);
  const shown = type ?? last;
  const close = () => {
    remove.reset();
    onClose();
  };
  return (
    <ConfirmModal
      opened={type !== null}
      title={`Delete the resource type ${shown?.name ?? ''}?`}
      confirmLabel="Delete type"
      pending={remove.isPending}
      error={remove.error}
      onClose={close}
      onConfirm={() => shown !== null && remove.mutate(shown, {
        onSuccess: () => {
          notifySuccess('Resource type deleted', `${shown.name} is gone, with the grants on all ${typeNoun(shown.name, true)}.`);
          close();
        },
      })}
    >
      {shown !== null && (
        <Text size="sm">
          {shown.resourceCount > 0
            ? <>{plural(shown.resourceCount, typeNoun(shown.name), typeNoun(shown.name, true))} still {shown.resourceCount === 1 ? 'exists' : 'exist'}: Roster deletes a type only once it has no resources. Delete them first.</>
            : <>Grants on “all {typeNoun(shown.name, true)}” go with it, and the product can no longer register {typeNoun(shown.name, true)} until the type is added again.</>}
        </Text>
      )}
    </ConfirmModal>
  );
}

/** Adds a resource by hand; the product usually registers them through the API. */
export function AddResourceModal({ opened, types, defaultType, onClose }: {
  opened: boolean;
  types: ResourceType[];
  /** The type chosen when the dialog opens, such as the list's filter. */
  defaultType: string | null;
  onClose: () => void;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title="Add resource">
      {opened && <AddResourceForm types={types} defaultType={defaultType} onClose={onClose} />}
    </Modal>
  );
}

function AddResourceForm({ types, defaultType, onClose }: { types: ResourceType[]; defaultType: string | null; onClose: () => void }) {
  const { orgId } = useOrg();
  const { create } = useResourceActions(orgId);
  const [parent, setParent] = useState<ResourceChoice | null>(null);
  const typeNames = new Map(types.map((type) => [type.key, type.name]));
  const form = useForm({
    initialValues: { type: defaultType ?? types[0]?.key ?? '', name: '', externalId: '' },
    validate: {
      type: (value) => (value === '' ? 'Choose a type' : null),
      name: all(required('a name'), maxLength(200)),
      externalId: (value) => (value === '' ? 'Enter the product’s id for it'
        : EXTERNAL_ID_PATTERN.test(value) ? null : 'Use at most 200 characters, without spaces or slashes'),
    },
  });
  const submit = form.onSubmit((values) => create.mutate(
    { type: values.type, name: values.name.trim(), externalId: values.externalId, parentId: parent?.id ?? null },
    {
      onSuccess: (created) => {
        notifySuccess('Resource added', `${created.name} can now be given to members.`);
        onClose();
      },
      onError: (error) => form.setErrors(resourceFieldErrors(error)),
    },
  ));
  const errors = resourceFieldErrors(create.error);
  const fieldLevel = Object.keys(errors).some((field) => field !== 'parent');
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Select
          label="Type"
          required
          data={types.map((type) => ({ value: type.key, label: type.name }))}
          allowDeselect={false}
          comboboxProps={{ keepMounted: false }}
          {...form.getInputProps('type')}
        />
        <TextInput label="Name" required data-autofocus maxLength={200} {...form.getInputProps('name')} />
        <TextInput
          label="External id"
          description="The product’s own id for it, as the API will name it."
          required
          maxLength={200}
          styles={monospace}
          {...form.getInputProps('externalId')}
        />
        <ResourceSelect
          label="Inside"
          description="Optional. Access to the resource it sits in reaches it too."
          placeholder="Nothing: at the top level"
          typeNames={typeNames}
          value={parent}
          onChange={setParent}
          clearable
          error={errors.parent}
        />
        {create.isError && !fieldLevel && errors.parent === undefined && <FormError>{errorMessage(create.error)}</FormError>}
        <FormActions onCancel={onClose} loading={create.isPending}>Add resource</FormActions>
      </Stack>
    </form>
  );
}

/** Renames a resource, or moves it into another one (or to the top level). */
export function EditResourceModal({ edit, typeNames, parent, onClose }: {
  /** The resource and what to change; null closes the dialog. */
  edit: { resource: Resource; action: 'rename' | 'move' } | null;
  typeNames: ReadonlyMap<string, string>;
  /** The resource's parent as far as it is known. */
  parent: Resource | undefined;
  onClose: () => void;
}) {
  const title = edit === null ? '' : edit.action === 'rename' ? `Rename ${edit.resource.name}` : `Move ${edit.resource.name}`;
  return (
    <Modal opened={edit !== null} onClose={onClose} title={title}>
      {edit !== null && (edit.action === 'rename'
        ? <RenameForm key={edit.resource.id} resource={edit.resource} onClose={onClose} />
        : <MoveForm key={edit.resource.id} resource={edit.resource} parent={parent} typeNames={typeNames} onClose={onClose} />)}
    </Modal>
  );
}

function RenameForm({ resource, onClose }: { resource: Resource; onClose: () => void }) {
  const { orgId } = useOrg();
  const { update } = useResourceActions(orgId);
  const form = useForm({ initialValues: { name: resource.name }, validate: { name: all(required('a name'), maxLength(200)) } });
  const submit = form.onSubmit((values) => {
    if (values.name.trim() === resource.name) {
      onClose();
      return;
    }
    update.mutate({ resource, name: values.name.trim() }, {
      onSuccess: (saved) => {
        notifySuccess('Resource renamed', `It is now called ${saved.name}.`);
        onClose();
      },
      onError: (error) => form.setErrors(resourceFieldErrors(error)),
    });
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text size="sm" c="gray.7">
          The product may rename it again the next time it registers it (with PUT by external id).
        </Text>
        <TextInput label="Name" required data-autofocus maxLength={200} {...form.getInputProps('name')} />
        {update.isError && Object.keys(resourceFieldErrors(update.error)).length === 0 && <FormError>{errorMessage(update.error)}</FormError>}
        <FormActions onCancel={onClose} loading={update.isPending}>Save</FormActions>
      </Stack>
    </form>
  );
}

function MoveForm({ resource, parent, typeNames, onClose }: { resource: Resource; parent: Resource | undefined; typeNames: ReadonlyMap<string, string>; onClose: () => void }) {
  const { orgId } = useOrg();
  const { update } = useResourceActions(orgId);
  const [chosen, setChosen] = useState<ResourceChoice | null>(parent === undefined ? null : toChoice(parent));
  const errors = resourceFieldErrors(update.error);
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const parentId = chosen?.id ?? null;
        if (parentId === resource.parentId) {
          onClose();
          return;
        }
        update.mutate({ resource, parentId }, {
          onSuccess: (saved) => {
            notifySuccess('Resource moved', chosen === null ? `${saved.name} is now at the top level.` : `${saved.name} now sits in ${chosen.name}.`);
            onClose();
          },
        });
      }}
    >
      <Stack gap="md">
        <Text size="sm" c="gray.7">
          Whoever has access to the resource it sits in reaches it too, with everything nested in it.
        </Text>
        <ResourceSelect
          label="Inside"
          placeholder="Nothing: at the top level"
          description="Leave empty to put it at the top level."
          typeNames={typeNames}
          exclude={resource.id}
          value={chosen}
          onChange={setChosen}
          clearable
          error={errors.parent}
        />
        {update.isError && errors.parent === undefined && <FormError>{errorMessage(update.error)}</FormError>}
        <FormActions onCancel={onClose} loading={update.isPending}>Move</FormActions>
      </Stack>
    </form>
  );
}

/** Confirms deleting a resource: grants on it end, what sits in it moves to the top level. */
export function DeleteResourceModal({ resource, onClose }: { /** The resource to delete; null closes the dialog. */ resource: Resource | null; onClose: () => void }) {
  const { orgId } = useOrg();
  const { remove } = useResourceActions(orgId);
  const [last, setLast] = useState(resource);
  if (resource !== null && resource !== last) setLast(resource);
  const shown = resource ?? last;
  const close = () => {
    remove.reset();
    onClose();
  };
  return (
    <ConfirmModal
      opened={resource !== null}
      title={`Delete ${shown?.name ?? 'this resource'}?`}
      confirmLabel="Delete resource"
      pending={remove.isPending}
      error={remove.error}
      onClose={close}
      onConfirm={() => shown !== null && remove.mutate(shown, {
        onSuccess: () => {
          notifySuccess('Resource deleted', `${shown.name} is gone, with the grants on it.`);
          close();
        },
      })}
    >
      <Text size="sm">
        Grants on it end at once, and the resources inside it move to the top level. If the product registers it again,
        it comes back as a new resource, without its grants.
      </Text>
    </ConfirmModal>
  );
}
