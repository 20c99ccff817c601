import type { QueryClient } from '@tanstack/react-query';
import { meQuery, rolesQuery } from './api/queries';
import { membersPageQuery } from './pages/members/member-api';
import { parseView } from './pages/members/view';

/**
 * Starts the first screen's API requests while its code is still loading, instead of after:
 * who I am, and on a members address its roles and the very page of members the URL names.
 */
export function prefetchFirstScreen(client: QueryClient, location: Location): void {
  void client.prefetchQuery(meQuery);
  const members = /^\/orgs\/([^/]+)\/members\/?$/.exec(location.pathname);
  if (members?.[1] === undefined) return;
  const orgId = decodeURIComponent(members[1]);
  void client.prefetchQuery(rolesQuery(orgId));
  void client.prefetchQuery(membersPageQuery(orgId, parseView(new URLSearchParams(location.search))));
}
