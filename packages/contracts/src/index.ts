export {
  cursorSchema, emailSchema, errorResponseSchema, idSchema, invitationParamsSchema, limitSchema, memberParamsSchema,
  nameSchema, orgParamsSchema, passwordSchema, roleParamsSchema, timestampSchema, tokenParamsSchema,
} from './common';
export {
  invitationSchema, memberCountsSchema, memberKindSchema, memberSchema, memberStatusSchema, organizationSchema,
  roleSchema, roleSummarySchema, userSchema,
} from './models';
export {
  acceptInvitationBodySchema, acceptInvitationResponseSchema, auditPageSchema, createOrganizationBodySchema,
  createRoleBodySchema, invitationPreviewSchema, inviteBodySchema, inviteLinkSchema, inviteResponseSchema,
  joinBodySchema, joinResponseSchema, listMembersQuerySchema, mailPageSchema, meResponseSchema, memberPageSchema,
  myOrganizationSchema, pageQuerySchema, permissionListSchema, removeMemberQuerySchema, roleListSchema,
  setInviteLinkBodySchema, signInBodySchema, signInResponseSchema, signUpBodySchema, signUpResponseSchema,
  updateMeBodySchema, updateMeResponseSchema, updateMemberBodySchema, updateOrganizationBodySchema, updateRoleBodySchema,
} from './api';
export {
  apiTokenListSchema, apiTokenParamsSchema, apiTokenSchema, authorizeBatchResponseSchema, authorizeBodySchema,
  authorizeCheckSchema, createApiTokenBodySchema, createResourceBodySchema, createResourceTypeBodySchema,
  createdApiTokenSchema, decisionReasonSchema, decisionSchema, explainStepSchema, explanationSchema, expiresAtSchema,
  externalIdSchema, grantInputSchema, grantKindSchema, grantListSchema, grantParamsSchema, grantSchema,
  listResourcesQuerySchema, memberAccessSchema, resourceExternalParamsSchema, resourcePageSchema, resourceParamsSchema,
  resourceRefSchema, resourceSchema, resourceTypeKeySchema, resourceTypeListSchema, resourceTypeParamsSchema,
  resourceTypeSchema, updateGrantBodySchema, updateResourceBodySchema, updateResourceTypeBodySchema,
  upsertResourceBodySchema, usageEventInputSchema, usageEventsBodySchema, usageEventsResponseSchema,
  usageReportQuerySchema, usageReportSchema,
} from './access';
