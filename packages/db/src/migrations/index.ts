import type { Migration, MigrationProvider } from 'kysely/migration';
import * as m0001 from './0001_initial';
import * as m0002 from './0002_invite_link_token';
import * as m0003 from './0003_access';
import * as m0004 from './0004_tags_plans';

/** Every migration, in order. Append-only once landed: never edit or reorder one. */
const MIGRATIONS: Record<string, Migration> = {
  '0001_initial': m0001,
  '0002_invite_link_token': m0002,
  '0003_access': m0003,
  '0004_tags_plans': m0004,
};

/** Supplies the in-code migrations to Kysely's Migrator. */
export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(MIGRATIONS),
};
