import { createContext, useContext } from 'react';
import type { OrgAccess } from './api/queries';
import type { MyOrganization } from './api/types';

/** The organization the page is about, from the URL, and what the signed-in person may do in it. */
export interface OrgContextValue extends OrgAccess {
  orgId: string;
  organization: MyOrganization['organization'];
}

/** Shares the current organization, and what the signed-in person may do in it, with its pages; set by the organization layout. */
export const OrgContext = createContext<OrgContextValue | null>(null);

/** The organization the page is about and what the signed-in person may do in it; throws outside an organization's pages. */
export function useOrg(): OrgContextValue {
  const value = useContext(OrgContext);
  if (value === null) throw new Error('useOrg() outside an organization page');
  return value;
}
