import type { CoreDeps } from '@roster/core';
import type { Db } from '@roster/db';
import type { AccessCache } from './access-cache';
import type { AuthCache } from './auth-cache';
import type { TokenUsage } from './token-usage';
import type { Config } from './config';

/** What every route needs: the domain's dependencies, the cache, the settings. */
export interface AppContext {
  config: Readonly<Config>;
  deps: CoreDeps;
  db: Db;
  cache: AuthCache;
  /** Roles, resources, members' grants and API tokens, for decisions and token requests. */
  access: AccessCache;
  /** API tokens' "last used", written in batches. */
  tokenUsage: TokenUsage;
}
