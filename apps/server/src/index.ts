export { buildApp } from './build-app';
export type { BuildAppOptions, RosterApp } from './build-app';
export { ConfigError, loadConfig } from './config';
export type { Config } from './config';
export { startMailWorker } from './mail/mail-worker';
export type { MailWorker, MailWorkerOptions } from './mail/mail-worker';
export { STATUS_BY_KIND } from './plugins/errors';
export { SESSION_COOKIE } from './plugins/session';
