export { createTestDatabase, describeEachEngine, testEngines } from './databases';
export type { Engine, TestDatabase } from './databases';
export { TEST_PUBLIC_URL, TestClient, TestClock, createTestApp, testPasswords } from './test-app';
export type { TestApp, TestResponse } from './test-app';
export {
  addActiveMember, expectError, joinWithExistingAccount, latestInvitationToken, signUpOwner, uniqueEmail,
} from './scenario';
export type { OwnerSetup } from './scenario';
