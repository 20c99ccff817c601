import { Navigate } from 'react-router';
import { useMe } from '../api/queries';
import { ErrorState, LoadingState } from '../components/States';
import { lastOrg } from './last-org';

/** "/" goes to the last organization, the first one, the welcome page, or sign-in. */
export function HomeRedirect() {
  const me = useMe();
  if (me.isPending) return <LoadingState />;
  if (me.isError) return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  if (me.data === null) return <Navigate to="/sign-in" replace />;
  const organizations = me.data.organizations;
  if (organizations.length === 0) return <Navigate to="/welcome" replace />;
  const remembered = organizations.find((entry) => entry.organization.id === lastOrg());
  const target = remembered ?? organizations.find((entry) => entry.status === 'active') ?? organizations[0];
  return <Navigate to={`/orgs/${target?.organization.id}`} replace />;
}
