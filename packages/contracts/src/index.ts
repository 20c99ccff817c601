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
