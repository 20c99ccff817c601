import { Navigate } from 'react-router';
import { useOrg } from '../org-context';

/** An organization's home is its members page. */
export function OrgIndexRedirect() {
  const { orgId } = useOrg();
  return <Navigate to={`/orgs/${orgId}/members`} replace />;
}
