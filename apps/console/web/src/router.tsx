import type { ComponentType } from 'react';
import { createBrowserRouter } from 'react-router';
import { HomeRedirect } from './layout/HomeRedirect';
import { NotFoundPage } from './layout/NotFoundPage';
import { OrgLayout } from './layout/OrgLayout';
import { SignedInLayout } from './layout/SignedInLayout';

/** Loads a page's code when it is first visited, so the first screen downloads only what it shows. */
function page<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  return async () => ({ Component: (await load())[name] });
}

/** The console's addresses: sign-in, sign-up, invitations and the invite link on their own; welcome, profile and each organization's pages inside the signed-in frame. */
export const router = createBrowserRouter([
  { path: '/', Component: HomeRedirect },
  { path: '/sign-in', lazy: page(() => import('./pages/auth/SignInPage'), 'SignInPage') },
  { path: '/sign-up', lazy: page(() => import('./pages/auth/SignUpPage'), 'SignUpPage') },
  { path: '/invitations/:token', lazy: page(() => import('./pages/auth/InvitationPage'), 'InvitationPage') },
  { path: '/join/:token', lazy: page(() => import('./pages/auth/JoinPage'), 'JoinPage') },
  {
    Component: SignedInLayout,
    children: [
      { path: '/welcome', lazy: page(() => import('./pages/WelcomePage'), 'WelcomePage') },
      { path: '/profile', lazy: page(() => import('./pages/profile/ProfilePage'), 'ProfilePage') },
      {
        path: '/orgs/:orgId',
        Component: OrgLayout,
        children: [
          { index: true, lazy: page(() => import('./layout/OrgIndexRedirect'), 'OrgIndexRedirect') },
          { path: 'members', lazy: page(() => import('./pages/members/MembersPage'), 'MembersPage') },
          { path: 'members/:memberId', lazy: page(() => import('./pages/members/detail/MemberPage'), 'MemberPage') },
          { path: 'members/:memberId/access', lazy: page(() => import('./pages/members/detail/MemberPage'), 'MemberPage') },
          { path: 'usage', lazy: page(() => import('./pages/usage/UsagePage'), 'UsagePage') },
          { path: 'roles', lazy: page(() => import('./pages/roles/RolesPage'), 'RolesPage') },
          { path: 'settings', lazy: page(() => import('./pages/settings/SettingsPage'), 'SettingsPage') },
          { path: 'settings/resources', lazy: page(() => import('./pages/settings/resources/ResourcesPage'), 'ResourcesPage') },
          { path: 'settings/tags', lazy: page(() => import('./pages/settings/tags/TagsPage'), 'TagsPage') },
          { path: 'settings/api-tokens', lazy: page(() => import('./pages/settings/tokens/ApiTokensPage'), 'ApiTokensPage') },
          { path: 'audit', lazy: page(() => import('./pages/audit/AuditPage'), 'AuditPage') },
          { path: 'mail', lazy: page(() => import('./pages/mail/MailPage'), 'MailPage') },
        ],
      },
    ],
  },
  { path: '*', Component: NotFoundPage },
]);
