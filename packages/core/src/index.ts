export { ErrorCodes, RosterError, fail, isRosterError } from './errors';
export type { ErrorCode, ErrorDefinition, ErrorKind } from './errors';
export { ALL_PERMISSIONS, PERMISSIONS, ROLE_TEMPLATES, ROLE_TEMPLATE_NAMES, isPermission } from './permissions';
export type { Permission, RoleTemplateEntry, RoleTemplateName } from './permissions';
export type {
  AccessGrant, ApiToken, AuditEntry, GrantKind, Invitation, Member, MemberKind, MemberStatus, Organization, OrgActor,
  OutboxMail, Plan, PlanAction, Principal, Resource, ResourceType, Role, Session, StoredMemberStatus, Tag, User,
} from './model';
export {
  MIN_PASSWORD_LENGTH, assertKeepsAnOwner, assertMemberWithinRank, assertPermission, assertRoleWithinRank,
  checkInvitationUsable, deriveMemberStatus, hasUnstorableText, isActiveOwner, normalizeEmail,
} from './rules';
export type {
  AuditEntryView, CacheInvalidation, InvitationByToken, KeysetPosition, MemberCounts, MemberListQuery, MemberListRow,
  MemberSort, NewOutboxMail, RoleSummaryRow, Store, Transactor, UserMembership,
  ApiTokenAuth, ApiTokenRow, GrantRow, NewUsageEvent, ResourceListQuery, ResourceTypeRow, UsageMemberLabel,
  UsageReportGroup, UsageReportQuery, MemberBulkPatch, MemberFilter, MemberTagRef, PlanMember, PlanMemberSelector, TagRow,
} from './store';
export { createSecrets, systemClock } from './deps';
export type { Clock, CoreConfig, CoreDeps, PasswordHasher, Secrets } from './deps';
export { actorFromApiToken, actorFromMembership, loadOrgActor } from './actor';
export type {
  InvitationView, MemberView, OrganizationView, RoleSummary, RoleView, UserView,
} from './views';
export { authenticateSessionToken, signIn, signOut, signUp } from './auth/auth.service';
export type { IssuedSession, SignUpInput } from './auth/auth.service';
export { deleteMe, loadUserContext, toMeView, updateMe } from './me/me.service';
export type { MeView, MyOrganizationView, UserContext } from './me/me.service';
export {
  DEFAULT_INVITATION_TTL_DAYS, createOrganization, deleteOrganization, getOrganization, updateOrganization,
} from './organization/organization.service';
export type { CreateOrganizationInput, UpdateOrganizationInput } from './organization/organization.service';
export {
  DEFAULT_MEMBER_PAGE, MAX_MEMBER_PAGE, deactivateMember, getMember, listMembers, reactivateMember, removeMember,
  updateMember,
} from './member/member.service';
export type { ListMembersInput, MemberPage, UpdateMemberInput } from './member/member.service';
export {
  acceptInvitation, invitationLink, inviteMember, previewInvitation, renewInvitation, resendInvitation, revokeInvitation,
} from './invitation/invitation.service';
export type {
  AcceptInvitationInput, AcceptedInvitation, InvitationPreview, InviteMemberInput,
} from './invitation/invitation.service';
export { getInviteLink, inviteLinkUrl, joinByInviteLink, setInviteLink } from './invite-link/invite-link.service';
export type { InviteLinkView, JoinInput } from './invite-link/invite-link.service';
export { createRole, deleteRole, listPermissionCatalogue, listRoles, updateRole } from './role/role.service';
export type { CreateRoleInput, UpdateRoleInput } from './role/role.service';
export { DELETED_USER, listAuditEvents } from './audit/audit.service';
export type { AuditEventView, AuditPersonView } from './audit/audit.service';
export { listMail } from './mail/mail.service';
export type { MailView } from './mail/mail.service';
export { MAX_MAIL_ATTEMPTS, isTransientMailError, mailRetryDelayMs } from './mail/delivery';
export type { MailQueue } from './mail/delivery';
export { escapeHtml, renderInvitationMail, senderName } from './mail/invitation-mail';
export {
  MAX_RESOURCE_DEPTH, coveringGrants, decide, externalKey,
} from './access/decide';
export type {
  AccessMember, Decision, DecisionInput, DecisionReason, ExplainStep, Explanation, ResourceIndex, ResourceNode,
  ResourceTypeNode,
} from './access/decide';
export { buildResourceIndex, orderMembers, splitRefs } from './access/source';
export type { AccessSource, MemberRef } from './access/source';
export { createGrant, deleteGrant, listGrants, updateGrant } from './access/grant.service';
export type { GrantInput, GrantView, ResourceRef } from './access/grant.service';
export { MAX_ACCESS_ITEMS, MAX_CHECKS, authorize, authorizeChecks, getMemberAccess } from './access/authorize.service';
export type { AuthorizeCheck, AuthorizeInput, MemberAccessView } from './access/authorize.service';
export {
  createResource, createResourceType, deleteResource, deleteResourceType, getResource, listResourceTypes, listResources,
  updateResource, updateResourceType, upsertResource,
} from './access/resource.service';
export type { ListResourcesInput, ResourceInput, ResourceTypeView, ResourceView } from './access/resource.service';
export { sweepExpiredAccess } from './access/expiry.service';
export type { SweepResult } from './access/expiry.service';
export { API_TOKEN_PREFIX, createApiToken, describeApiToken, listApiTokens, revokeApiToken } from './api-token/api-token.service';
export type { ApiTokenView, CreateApiTokenInput } from './api-token/api-token.service';
export {
  DELETED_RESOURCE, NO_RESOURCE, USAGE_MAX_AGE_DAYS, USAGE_MAX_RANGE_DAYS, recordUsage, usageReport,
} from './usage/usage.service';
export type { UsageEventInput, UsageReportInput, UsageReportRow, UsageReportView } from './usage/usage.service';
export {
  MAX_TAGS_PER_MEMBER, MAX_TAG_LENGTH, createTag, deleteTag, listTags, renameTag, setMemberTags,
} from './tag/tag.service';
export type { TagView } from './tag/tag.service';
export { MAX_IMPORT_ROWS, parseTagCsv } from './bulk/csv';
export type { TagCsvRow } from './bulk/csv';
export {
  MAX_PLAN_ROWS_PAGE, PLAN_FIRST_ROWS, PLAN_TTL_MS, applyPlan, getPlan, listPlanRows, previewBulkAction, previewTagImport,
} from './bulk/plan.service';
export type { AppliedPlanView, BulkActionRequest, MemberFilterInput, PlanView } from './bulk/plan.service';
export type { PlanChangesView, PlanGrantView, PlanRowView, PlanSummaryView } from './bulk/plan';
export type { BulkAction, GrantTargetInput } from './bulk/bulk-actions';
export { EXPORT_BATCH, EXPORT_COLUMNS, exportMembers } from './bulk/export.service';
export type { MemberExportRow } from './bulk/export.service';
