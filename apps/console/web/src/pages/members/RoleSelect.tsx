import { Group, Select, Stack, Text, type SelectProps } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import type { Role } from '../../api/types';

/**
 * A role picker: each option shows what the role can do. The explanation is visual in the
 * list (the option's name stays the role's name) and the chosen role's explanation is the
 * field's description, which screen readers announce with the field.
 */
export function RoleSelect({ roles, value, description, ...props }: Omit<SelectProps, 'data'> & { roles: Role[] }) {
  const byId = new Map(roles.map((role) => [role.id, role]));
  const chosen = value === null || value === undefined ? undefined : byId.get(value);
  return (
    <Select
      label="Role"
      placeholder="Choose a role"
      allowDeselect={false}
      maxDropdownHeight={340}
      // Options exist only while the list is open, so the label names one field.
      comboboxProps={{ keepMounted: false }}
      data={roles.map((role) => ({ value: role.id, label: role.name }))}
      value={value}
      description={chosen?.description || description}
      renderOption={({ option, checked }) => (
        <Stack gap={0} py={2} style={{ minWidth: 0 }}>
          <Group gap={6} wrap="nowrap">
            <Text size="sm" fw={500}>{option.label}</Text>
            {checked === true && <IconCheck size={14} aria-hidden />}
          </Group>
          <Text size="xs" c="dimmed" aria-hidden lh={1.35}>{byId.get(option.value)?.description}</Text>
        </Stack>
      )}
      {...props}
    />
  );
}
