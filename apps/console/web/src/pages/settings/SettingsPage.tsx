import { Stack } from '@mantine/core';
import { useRoles } from '../../api/queries';
import { PageHeader } from '../../components/States';
import { useOrg } from '../../org-context';
import { NoAccess } from '../../components/NoAccess';
import { DeleteOrganizationSection } from './DeleteOrganizationSection';
import { InviteLinkSection } from './InviteLinkSection';
import { OrganizationSection } from './OrganizationSection';

/** The organization's settings: name and invitation validity, the shared invite link, and deleting it. */
export function SettingsPage() {
  const { orgId, organization, can, membership } = useOrg();
  const roles = useRoles(orgId, can('roles.read'));
  // Only an owner role may delete the organization; when roles cannot be read, the permission decides.
  const myRole = roles.data?.find((role) => role.id === membership.role?.id);
  const canDelete = can('organization.delete') && (myRole === undefined || myRole.isOwner);
  const header = <PageHeader title="Settings" description={`How ${organization.name} works for its members.`} />;
  if (!can('organization.read')) return <>{header}<NoAccess what="the organization's settings" /></>;
  return (
    <>
      {header}
      <Stack gap="lg">
        <OrganizationSection />
        {can('invite_link.manage') && <InviteLinkSection />}
        {canDelete && <DeleteOrganizationSection />}
      </Stack>
    </>
  );
}
