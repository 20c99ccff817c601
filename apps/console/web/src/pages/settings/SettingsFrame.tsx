import { IconAdjustments, IconKey, IconStack2, IconTags } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useLocation } from 'react-router';
import { LinkTabs } from '../../components/LinkTabs';
import { PageHeader } from '../../components/States';
import { useOrg } from '../../org-context';

/** The settings' sections, each with its own address and the permission that shows it. */
const SECTIONS = [
  { path: '', label: 'General', icon: IconAdjustments, permission: 'organization.read' },
  { path: '/resources', label: 'Resources', icon: IconStack2, permission: 'resources.manage' },
  { path: '/tags', label: 'Member tags', icon: IconTags, permission: 'tags.manage' },
  { path: '/api-tokens', label: 'API tokens', icon: IconKey, permission: 'api_tokens.manage' },
] as const;

/** The settings' header and, when the person may see more than one section, the tabs between them. */
export function SettingsFrame({ description, actions, children }: {
  description: ReactNode;
  /** Buttons beside the title, such as "Create token". */
  actions?: ReactNode;
  children: ReactNode;
}) {
  const { orgId, can } = useOrg();
  const { pathname } = useLocation();
  const base = `/orgs/${orgId}/settings`;
  const shown = SECTIONS.filter((section) => can(section.permission));
  const current = shown.find((section) => section.path !== '' && pathname.startsWith(`${base}${section.path}`))?.path ?? '';
  return (
    <>
      <PageHeader title="Settings" description={description} actions={actions} />
      {shown.length > 1 && (
        <LinkTabs
          label="Settings sections"
          current={`${base}${current}`}
          tabs={shown.map((section) => ({ to: `${base}${section.path}`, label: section.label, icon: <section.icon size={16} aria-hidden /> }))}
        />
      )}
      {children}
    </>
  );
}
