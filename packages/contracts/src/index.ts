export {
  cursorSchema, emailSchema, errorResponseSchema, idSchema, invitationParamsSchema, limitSchema, memberParamsSchema,
  nameSchema, orgParamsSchema, passwordSchema, roleParamsSchema, timestampSchema, tokenParamsSchema,
} from './common';
export {
  invitationSchema, memberCountsSchema, memberKindSchema, memberSchema, memberStatusSchema, memberTagSchema, organizationSchema,
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
  resourceTypeSchema, tokenInfoSchema, updateGrantBodySchema, updateResourceBodySchema, updateResourceTypeBodySchema,
  upsertResourceBodySchema, usageEventInputSchema, usageEventsBodySchema, usageEventsResponseSchema,
  usageReportQuerySchema, usageReportSchema,
} from './access';
export {
  appliedPlanSchema, applyProgressEventSchema, bulkActionBodySchema, exportMembersQuerySchema, grantTargetSchema,
  importTagsQuerySchema, memberFilterSchema, planActionSchema, planChangesSchema, planGrantSchema, planParamsSchema,
  planRowPageSchema, planRowSchema, planRowsQuerySchema, planSchema, planStatusSchema, planSummarySchema,
  setMemberTagsBodySchema, tagBodySchema, tagListSchema, tagNameSchema, tagParamsSchema, tagSchema,
} from './bulk';
