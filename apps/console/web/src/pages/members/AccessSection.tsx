import { Anchor, Button, Fieldset, Select, SimpleGrid, Skeleton, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../api/messages';
import type { ResourceType, Role } from '../../api/types';
import { DayInput } from '../../components/DayInput';
import { ResourceMultiSelect } from '../../components/ResourcePicker';
import { pluralNoun, typeNoun } from '../../format';
import { useOrg } from '../../org-context';
import {
  checkTypeAccess, modeChoices, modeHelp, NO_ACCESS, ORG_ROLE, sameAccess, type AccessMode, type AccessValues, type TypeAccess,
} from './access-form';
import { RoleSelect } from './RoleSelect';

type TypeErrors = ReturnType<typeof checkTypeAccess>;

/** The access part of a user dialog: its values, its field errors, and a check before saving. */
export interface AccessForm {
  values: AccessValues;
  errors: Record<string, TypeErrors>;
  /** Changes one type's access and clears the errors of the fields changed. */
  setType: (typeKey: string, patch: Partial<TypeAccess>) => void;
  /** Checks each type's access (only those changed since `initial`, when given); shows the problems and answers false when there is one. */
  validate: (types: ResourceType[], initial?: AccessValues) => boolean;
  /** Starts again from `values`, without errors. */
  reset: (values: AccessValues) => void;
}

/** The state of the "Resource access" fields, starting from `initial` (empty: no access to any type). */
export function useAccessForm(initial: AccessValues = {}): AccessForm {
  const [values, setValues] = useState<AccessValues>(initial);
  const [errors, setErrors] = useState<Record<string, TypeErrors>>({});
  return {
    values,
    errors,
    setType: (typeKey, patch) => {
      setValues((current) => ({ ...current, [typeKey]: { ...(current[typeKey] ?? NO_ACCESS), ...patch } }));
      setErrors((current) => {
        const own = { ...current[typeKey] };
        if ('mode' in patch || 'resources' in patch) delete own.resources;
        if ('mode' in patch || 'expiresOn' in patch) delete own.expiresOn;
        return { ...current, [typeKey]: own };
      });
    },
    validate: (types, initial) => {
      const found: Record<string, TypeErrors> = {};
      for (const type of types) {
        const access = values[type.key] ?? NO_ACCESS;
        // An unchanged type is saved as it is, even when its end has passed since.
        if (initial !== undefined && sameAccess(access, initial[type.key] ?? NO_ACCESS)) continue;
        const own = checkTypeAccess(access, type);
        if (Object.keys(own).length > 0) found[type.key] = own;
      }
      setErrors(found);
      return Object.keys(found).length === 0;
    },
    reset: (next) => {
      setValues(next);
      setErrors({});
    },
  };
}

/** The resource types query as the section needs it. */
interface TypesState {
  data: ResourceType[] | undefined;
  error: unknown;
  refetch: () => void;
}

/**
 * "Resource access": for each resource type the product registered, no access, chosen
 * resources, every existing one or every one including later ones, with an optional role of its
 * own and an end date. Hidden when there are no resource types.
 */
export function AccessSection({ types, form, roles, loading = false, mixed, intro = 'Optional. Which of the product’s resources they can reach, and with which role.' }: {
  types: TypesState;
  form: AccessForm;
  /** The roles I may give: ranked at or below mine. */
  roles: Role[];
  /** The member's grants are still loading. @default false */
  loading?: boolean;
  /** Types whose grants differ from one another (set through the API), which saving that type would make alike. */
  mixed?: ReadonlySet<string>;
  /** The line under the heading. @default what an invitation's access means */
  intro?: string;
}) {
  const { orgId, can } = useOrg();
  const heading = (
    <div>
      <Text fw={600} size="sm" component="h3" m={0}>Resource access</Text>
      <Text size="sm" c="gray.7">{intro}</Text>
    </div>
  );
  if (types.error !== null && types.error !== undefined) {
    return (
      <Stack gap="xs">
        {heading}
        <Text size="sm" c="red.8" role="alert">Resource access could not be loaded: {errorMessage(types.error)}</Text>
        <div><Button size="xs" variant="default" onClick={types.refetch}>Try again</Button></div>
      </Stack>
    );
  }
  if (types.data === undefined || loading) {
    return (
      <Stack gap="xs" aria-busy>
        {heading}
        <Skeleton height={36} radius="md" />
      </Stack>
    );
  }
  if (types.data.length === 0) {
    if (!can('resources.manage')) return null;
    return (
      <Text size="sm" c="gray.7">
        To give access to some of the product’s resources only, register their types first
        in <Anchor component={Link} to={`/orgs/${orgId}/settings/resources`}>Settings → Resources</Anchor>.
      </Text>
    );
  }
  return (
    <Stack gap="sm">
      {heading}
      {types.data.map((type) => (
        <TypeFields
          key={type.key}
          type={type}
          access={form.values[type.key] ?? NO_ACCESS}
          errors={form.errors[type.key] ?? {}}
          roles={roles}
          mixed={mixed?.has(type.key) === true}
          onChange={(patch) => form.setType(type.key, patch)}
        />
      ))}
    </Stack>
  );
}

function TypeFields({ type, access, errors, roles, mixed, onChange }: {
  type: ResourceType;
  access: TypeAccess;
  errors: TypeErrors;
  roles: Role[];
  mixed: boolean;
  onChange: (patch: Partial<TypeAccess>) => void;
}) {
  const many = typeNoun(type.name, true);
  return (
    <Fieldset
      legend={pluralNoun(type.name)}
      radius="md"
      p="sm"
      pt={4}
      data-resource-type={type.key}
      styles={{ legend: { fontWeight: 600, fontSize: 'var(--mantine-font-size-sm)' } }}
    >
      <Stack gap="sm">
        <Select
          label="Access"
          data={modeChoices(type)}
          value={access.mode}
          onChange={(value) => value !== null && onChange({ mode: value as AccessMode })}
          allowDeselect={false}
          description={modeHelp(access.mode, type)}
          comboboxProps={{ keepMounted: false }}
        />
        {mixed && (
          <Text size="xs" c="gray.7">
            Their {typeNoun(type.name)} grants have different roles, end dates or kinds. Changing anything here gives them all the choices below.
          </Text>
        )}
        {access.mode === 'resource' && (
          <ResourceMultiSelect
            label={`Which ${many}`}
            placeholder={access.resources.length === 0 ? `Search ${many} by name or id` : undefined}
            type={type.key}
            noun={many}
            value={access.resources}
            onChange={(resources) => onChange({ resources })}
            error={errors.resources}
          />
        )}
        {access.mode !== 'none' && (
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
            <RoleSelect
              label={`Role on these ${many}`}
              roles={roles}
              extra={{
                value: ORG_ROLE,
                label: 'Their organization role',
                description: 'They do on these what their role in the organization allows.',
              }}
              value={access.roleId}
              onChange={(value) => onChange({ roleId: value ?? ORG_ROLE })}
            />
            <DayInput
              label="Access ends on"
              description="Optional. The access stops at the end of this day."
              value={access.expiresOn}
              onChange={(expiresOn) => onChange({ expiresOn })}
              error={errors.expiresOn}
            />
          </SimpleGrid>
        )}
      </Stack>
    </Fieldset>
  );
}
