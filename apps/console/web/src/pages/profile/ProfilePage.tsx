import { Stack } from '@mantine/core';
import { useMe } from '../../api/queries';
import { ErrorState, LoadingState, PageHeader } from '../../components/States';
import { DeleteAccountSection } from './DeleteAccountSection';
import { DetailsSection } from './DetailsSection';
import { OrganizationsSection } from './OrganizationsSection';

/** The signed-in person's own account: name, organizations, and deleting the account. */
export function ProfilePage() {
  const me = useMe();
  const header = (
    <PageHeader
      title="Your profile"
      description="Your Roster account. The same account signs you in to every organization you belong to."
    />
  );
  if (me.isPending) return <>{header}<LoadingState /></>;
  if (me.isError) return <>{header}<ErrorState error={me.error} onRetry={() => void me.refetch()} /></>;
  // Signed out: the layout around this page sends the person to sign in.
  if (me.data === null) return header;
  return (
    <>
      {header}
      <Stack gap="lg">
        <DetailsSection me={me.data} />
        <OrganizationsSection me={me.data} />
        <DeleteAccountSection me={me.data} />
      </Stack>
    </>
  );
}
