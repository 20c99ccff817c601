import { Group, Select, Stack, Text, type SelectProps } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import type { Role } from '../../api/types';

/** An option listed before the roles, such as "Their organization role" for a grant with no role of its own. */
export interface RoleSelectExtra {
  value: string;
  label: string;
  /** What choosing it means; shown like a role's description. */
  description: string;
}

/**
 * A role picker: each option shows what the role can do. The explanation is visual in the
 * list (the option's name stays the role's name) and the chosen role's explanation is the
 * field's description, which screen readers announce with the field.
 */
export function RoleSelect({ roles, value, description, extra, ...props }: Omit<SelectProps, 'data'> & {
  roles: Role[];
  /** An option before the roles. */
  extra?: RoleSelectExtra;
}) {
  const byId = new Map(roles.map((role) => [role.id, role]));
  const describe = (id: string | null | undefined) => (id === null || id === undefined ? undefined
    : id === extra?.value ? extra.description : byId.get(id)?.description);
  return (
    <Select
      label="Role"
      placeholder="Choose a role"
      allowDeselect={false}
      maxDropdownHeight={340}
      // Options exist only while the list is open, so the label names one field.
      comboboxProps={{ keepMounted: false }}
      data={[...(extra === undefined ? [] : [{ value: extra.value, label: extra.label }]), ...roles.map((role) => ({ value: role.id, label: role.name }))]}
      value={value}
      description={describe(value) || description}
      renderOption={({ option, checked }) => (
        <Stack gap={0} py={2} style={{ minWidth: 0 }}>
          <Group gap={6} wrap="nowrap">
            <Text size="sm" fw={500}>{option.label}</Text>
            {checked === true && <IconCheck size={14} aria-hidden />}
          </Group>
          <Text size="xs" c="dimmed" aria-hidden lh={1.35}>{describe(option.value)}</Text>
        </Stack>
      )}
      {...props}
    />
  );
}
