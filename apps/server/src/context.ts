import type { CoreDeps } from '@roster/core';
import type { Db } from '@roster/db';
import type { AuthCache } from './auth-cache';
import type { Config } from './config';

/** What every route needs: the domain's dependencies, the cache, the settings. */
export interface AppContext {
  config: Readonly<Config>;
  deps: CoreDeps;
  db: Db;
  cache: AuthCache;
}
