import { Anchor, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { ApiError, api } from '../../api/client';
import { errorMessage } from '../../api/messages';
import { keys } from '../../api/queries';
import type { Role } from '../../api/types';
import { FormError } from '../../components/FormError';
import { plural } from '../../format';
import { notifySuccess } from '../../components/notify';

/** Confirms deleting a role; explains what to do when members still have it. */
export function DeleteRoleModal({ orgId, role, onClose }: { orgId: string; /** The role to delete; `null` closes the dialog. */ role: Role | null; onClose: () => void }) {
  return (
    <Modal opened={role !== null} onClose={onClose} title={role === null ? 'Delete role' : `Delete the role ${role.name}?`}>
      {role !== null && <DeleteRoleBody key={role.id} orgId={orgId} role={role} onClose={onClose} />}
    </Modal>
  );
}

function DeleteRoleBody({ orgId, role, onClose }: { orgId: string; role: Role; onClose: () => void }) {
  const client = useQueryClient();
  const remove = useMutation({
    mutationFn: () => api.delete(`/orgs/${orgId}/roles/${role.id}`),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: keys.roles(orgId) });
      notifySuccess('Role deleted', `The role ${role.name} no longer exists.`);
      onClose();
    },
  });
  const error = remove.error;
  const inUse = error instanceof ApiError && error.code === 'role.in_use';
  const holders = inUse && typeof error.details.members === 'number' ? error.details.members : null;
  return (
    <Stack gap="md">
      <Text size="sm">
        Nobody will be able to get the role <b>{role.name}</b> any more. Roster refuses to delete a role that members or
        pending invitations still have: give them another role first.
      </Text>
      {inUse ? (
        <FormError>
          <Text size="sm">
            {holders === null ? 'Some members or invitations' : plural(holders, 'member or invitation', 'members or invitations')} still
            {holders === 1 ? ' has' : ' have'} the role {role.name}. Give its members another role first, then delete it.{' '}
            <Anchor component={Link} to={`/orgs/${orgId}/members`} size="sm" fw={600} c="red.9" underline="always">Go to Members</Anchor>
          </Text>
        </FormError>
      ) : error !== null && <FormError>{errorMessage(error)}</FormError>}
      <Group justify="flex-end" gap="sm">
        <Button variant="default" onClick={onClose}>Cancel</Button>
        <Button color="red.9" onClick={() => remove.mutate()} loading={remove.isPending} disabled={inUse}>Delete role</Button>
      </Group>
    </Stack>
  );
}
