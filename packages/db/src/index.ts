export { LISTEN_RESET, createDb, isStalePlanError, migrateToLatest } from './create-db';
export type { Db, DbConfig, Listen } from './create-db';
export type { CommitEvents } from './store';
export { CACHE_CHANNEL, createStore, createTransactor, decodeInvalidation, encodeInvalidation, mapDatabaseError } from './store';
export { OUTBOX_CHANNEL, createMailQueue } from './repositories/mail.repository';
export type { Database } from './schema';
export { deleteExpiredSessions } from './repositories/user.repository';
export { deleteExpiredPlans } from './repositories/bulk.repository';
