import { Button, Fieldset, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { errorMessage } from '../../../api/messages';
import { useResourceTypes, useRoles, useTags } from '../../../api/queries';
import type { BulkActionBody, GrantTarget, Plan, ResourceType } from '../../../api/types';
import { FormError } from '../../../components/FormError';
import { ResourceMultiSelect, type ResourceChoice } from '../../../components/ResourcePicker';
import { pluralNoun, typeNoun } from '../../../format';
import { useOrg } from '../../../org-context';
import { grantInputs } from '../access-form';
import { AccessSection, useAccessForm } from '../AccessSection';
import { RoleSelect } from '../RoleSelect';
import { TagPicker } from '../TagPicker';
import { bulkRequest, type PlanRequest } from './bulk-api';
import type { ArgumentAction, SelectionBody } from './task';
import { FormActions } from '../../../components/FormActions';

const TITLES: Record<ArgumentAction, (who: string) => string> = {
  change_role: (who) => `Change the role of ${who}`,
  add_tags: (who) => `Add tags to ${who}`,
  remove_tags: (who) => `Remove tags from ${who}`,
  grant_access: (who) => `Grant access to ${who}`,
  revoke_access: (who) => `Revoke access from ${who}`,
};

type RevokeChoices = Record<string, { mode: RevokeMode; resources: ResourceChoice[] }>;
/** What to take away of one resource type: nothing, grants on chosen resources, or the grant on all of the type. */
type RevokeMode = 'none' | 'resource' | 'all_existing_of_type' | 'all_of_type';
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** An action's body without the selection. */
type ActionBody = DistributiveOmit<BulkActionBody, 'memberIds' | 'filter'>;

/**
 * The small dialog before a bulk action that needs something more: the role to give, the tags, the access. Its
 * "Preview changes" makes the plan; the preview then shows what would happen, row by row.
 */
export function ArgumentsDialog({ action, selection, who, onClose, onPreview }: {
  action: ArgumentAction;
  selection: SelectionBody;
  who: string;
  onClose: () => void;
  onPreview: (request: PlanRequest, plan: Plan) => void;
}) {
  return (
    <Modal opened onClose={onClose} title={TITLES[action](who)} size={action === 'grant_access' || action === 'revoke_access' ? 'lg' : 'md'}>
      <ArgumentsForm action={action} selection={selection} onClose={onClose} onPreview={onPreview} />
    </Modal>
  );
}

function ArgumentsForm({ action, selection, onClose, onPreview }: {
  action: ArgumentAction;
  selection: SelectionBody;
  onClose: () => void;
  onPreview: (request: PlanRequest, plan: Plan) => void;
}) {
  const { orgId, can, rank } = useOrg();
  const needsTypes = action === 'grant_access' || action === 'revoke_access';
  const roles = useRoles(orgId, action !== 'add_tags' && action !== 'remove_tags');
  const tags = useTags(orgId, action === 'add_tags' || action === 'remove_tags');
  const types = useResourceTypes(orgId, needsTypes);
  const assignable = (roles.data ?? []).filter((role) => role.rank <= rank);
  const allowCreate = action === 'add_tags' && can('tags.manage');

  const [roleId, setRoleId] = useState<string | null>(null);
  const [names, setNames] = useState<string[]>([]);
  const access = useAccessForm();
  const [revoke, setRevoke] = useState<RevokeChoices>({});
  const [problem, setProblem] = useState<string | null>(null);

  const preview = useMutation({
    mutationFn: (request: PlanRequest) => request.run().then((plan) => ({ request, plan })),
    onSuccess: ({ request, plan }) => onPreview(request, plan),
  });

  /** The action's body from the form, or why it cannot be sent yet. */
  const build = (): ActionBody | string => {
    switch (action) {
      case 'change_role':
        return roleId === null ? 'Choose the role to give them.' : { action, roleId };
      case 'add_tags':
        return names.length === 0 ? 'Choose the tags to add.' : { action, tags: names, createMissing: allowCreate };
      case 'remove_tags':
        return names.length === 0 ? 'Choose the tags to remove.' : { action, tags: names };
      case 'grant_access': {
        const list = types.data ?? [];
        if (!access.validate(list)) return 'Some of the access needs a correction, shown above.';
        const grants = grantInputs(access.values, list);
        return grants.length === 0 ? 'Choose the access to give, for at least one resource type.' : { action, access: grants };
      }
      case 'revoke_access': {
        const targets: GrantTarget[] = [];
        for (const type of types.data ?? []) {
          const choice = revoke[type.key];
          if (choice === undefined || choice.mode === 'none') continue;
          if (choice.mode === 'resource') {
            if (choice.resources.length === 0) return `Choose the ${typeNoun(type.name, true)} whose grants to take away.`;
            targets.push(...choice.resources.map((resource) => ({ kind: 'resource' as const, resource: { id: resource.id } })));
          } else {
            targets.push({ kind: choice.mode, resourceType: type.key });
          }
        }
        return targets.length === 0 ? 'Choose the access to take away, for at least one resource type.' : { action, access: targets };
      }
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = build();
    if (typeof body === 'string') {
      setProblem(body);
      return;
    }
    setProblem(null);
    preview.mutate(bulkRequest(orgId, { ...body, ...selection } as BulkActionBody));
  };

  let fields: ReactNode;
  if (needsTypes && types.data?.length === 0) {
    fields = <NoResourceTypes />;
  } else if (action === 'change_role') {
    fields = (
      <RoleSelect
        label="New role"
        roles={assignable}
        value={roleId}
        onChange={setRoleId}
        required
        data-autofocus
        description="Roles ranked above yours are not offered; members ranked above you are refused in the preview."
        disabled={roles.data === undefined}
      />
    );
  } else if (action === 'add_tags' || action === 'remove_tags') {
    fields = (
      <TagPicker
        label={action === 'add_tags' ? 'Tags to add' : 'Tags to remove'}
        description={action === 'remove_tags' ? 'Members who do not have them are left as they are.'
          : allowCreate ? 'Pick tags, or type a new one and press Enter: it joins the catalogue.' : 'Pick from the organization’s tags.'}
        placeholder={names.length === 0 ? 'Choose tags' : undefined}
        catalogue={tags.data ?? []}
        allowCreate={allowCreate}
        value={names}
        onChange={setNames}
        required
        data-autofocus
      />
    );
  } else if (action === 'grant_access') {
    fields = (
      <AccessSection
        types={{ data: types.data, error: types.error, refetch: () => void types.refetch() }}
        form={access}
        roles={assignable}
        intro="What each selected member gets, besides what they have. Members who already have it are left as they are."
      />
    );
  } else {
    fields = (
      <Stack gap="sm">
        <div>
          <Text fw={600} size="sm" component="h3" m={0}>Resource access</Text>
          <Text size="sm" c="gray.7">The grants to take away. Access a member has through their role or another grant stays.</Text>
        </div>
        {(types.data ?? []).map((type) => (
          <RevokeTypeFields
            key={type.key}
            type={type}
            value={revoke[type.key] ?? { mode: 'none', resources: [] }}
            onChange={(value) => setRevoke((current) => ({ ...current, [type.key]: value }))}
          />
        ))}
      </Stack>
    );
  }

  if (needsTypes && types.data?.length === 0) {
    return (
      <Stack gap="md">
        {fields}
        <Group justify="flex-end"><Button variant="default" onClick={onClose} data-autofocus>Close</Button></Group>
      </Stack>
    );
  }
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {fields}
        <Text size="sm" c="gray.7">Nothing changes yet: the next step shows what would happen to each member.</Text>
        {problem !== null && <FormError>{problem}</FormError>}
        {preview.isError && <FormError>{errorMessage(preview.error)}</FormError>}
        <FormActions onCancel={onClose} loading={preview.isPending}>Preview changes</FormActions>
      </Stack>
    </form>
  );
}

function RevokeTypeFields({ type, value, onChange }: {
  type: ResourceType;
  value: { mode: RevokeMode; resources: ResourceChoice[] };
  onChange: (value: { mode: RevokeMode; resources: ResourceChoice[] }) => void;
}) {
  const many = typeNoun(type.name, true);
  return (
    <Fieldset legend={pluralNoun(type.name)} radius="md" p="sm" pt={4} styles={{ legend: { fontWeight: 600, fontSize: 'var(--mantine-font-size-sm)' } }}>
      <Stack gap="sm">
        <Select
          label="Take away"
          data={[
            { value: 'none', label: `Nothing of the ${many}` },
            { value: 'resource', label: `Their grants on specific ${many}` },
            { value: 'all_existing_of_type', label: `Their grant on all existing ${many}` },
            { value: 'all_of_type', label: `Their grant on all ${many}` },
          ]}
          value={value.mode}
          onChange={(mode) => mode !== null && onChange({ ...value, mode: mode as RevokeMode })}
          allowDeselect={false}
          comboboxProps={{ keepMounted: false }}
        />
        {value.mode === 'resource' && (
          <ResourceMultiSelect
            label={`Which ${many}`}
            placeholder={value.resources.length === 0 ? `Search ${many} by name or id` : undefined}
            type={type.key}
            noun={many}
            value={value.resources}
            onChange={(resources) => onChange({ ...value, resources })}
          />
        )}
      </Stack>
    </Fieldset>
  );
}

function NoResourceTypes() {
  return (
    <Text size="sm">
      The product has not registered any resource types yet, so there is no access to give or take away.
    </Text>
  );
}
