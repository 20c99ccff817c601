import { createContext, useContext } from 'react';
import type { OrgAccess } from './api/queries';
import type { MyOrganization } from './api/types';

/** The organization the page is about, from the URL, and what the signed-in person may do in it. */
export interface OrgContextValue extends OrgAccess {
  orgId: string;
  organization: MyOrganization['organization'];
}

export const OrgContext = createContext<OrgContextValue | null>(null);

export function useOrg(): OrgContextValue {
  const value = useContext(OrgContext);
  if (value === null) throw new Error('useOrg() outside an organization page');
  return value;
}
