import { Stack } from '@mantine/core';
import { useRoles } from '../../api/queries';
import { useOrg } from '../../org-context';
import { NoAccess } from '../../components/NoAccess';
import { DeleteOrganizationSection } from './DeleteOrganizationSection';
import { InviteLinkSection } from './InviteLinkSection';
import { OrganizationSection } from './OrganizationSection';
import { SettingsFrame } from './SettingsFrame';

/** The organization's settings: name and invitation validity, the shared invite link, and deleting it. */
export function SettingsPage() {
  const { orgId, organization, can, membership } = useOrg();
  const roles = useRoles(orgId, can('roles.read'));
  // Only an owner role may delete the organization; when roles cannot be read, the permission decides.
  const myRole = roles.data?.find((role) => role.id === membership.role?.id);
  const canDelete = can('organization.delete') && (myRole === undefined || myRole.isOwner);
  const description = `How ${organization.name} works for its members.`;
  if (!can('organization.read')) return <SettingsFrame description={description}><NoAccess what="the organization's settings" /></SettingsFrame>;
  return (
    <SettingsFrame description={description}>
      <Stack gap="lg">
        <OrganizationSection />
        {can('invite_link.manage') && <InviteLinkSection />}
        {canDelete && <DeleteOrganizationSection />}
      </Stack>
    </SettingsFrame>
  );
}
