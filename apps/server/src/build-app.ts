import { consoleDistDir } from '@roster/console';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import { ErrorCodes, RosterError, createSecrets, systemClock, type Clock, type CoreDeps, type PasswordHasher } from '@roster/core';
import {
  CACHE_CHANNEL, createDb, createTransactor, decodeInvalidation, migrateToLatest, type CommitEvents, type Db,
} from '@roster/db';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { AccessCache } from './access-cache';
import { AuthCache } from './auth-cache';
import type { Config } from './config';
import type { AppContext } from './context';
import { startExpiryWorker, type ExpiryWorker } from './expiry-worker';
import { startMailWorker, type MailWorker } from './mail/mail-worker';
import { argon2Passwords } from './passwords';
import { handleFrameworkError, registerErrorHandling } from './plugins/errors';
import { registerInputGuards } from './plugins/input';
import { registerOpenApi } from './plugins/openapi';
import { registerSecurity } from './plugins/security';
import { registerAccessRoutes } from './routes/access.routes';
import { registerActivityRoutes } from './routes/activity.routes';
import { registerApiTokenRoutes } from './routes/api-token.routes';
import { registerAuthRoutes } from './routes/auth.routes';
import { registerInvitationRoutes } from './routes/invitation.routes';
import { registerInviteLinkRoutes } from './routes/invite-link.routes';
import { registerMeRoutes } from './routes/me.routes';
import { registerBulkRoutes } from './routes/bulk.routes';
import { registerMemberRoutes } from './routes/member.routes';
import { registerOrganizationRoutes } from './routes/organization.routes';
import { registerRoleRoutes } from './routes/role.routes';
import { registerSystemRoutes } from './routes/system.routes';
import { registerUsageRoutes } from './routes/usage.routes';
import { TokenUsage } from './token-usage';
import { registerConsole } from './plugins/console';

/** What buildApp needs; everything but the config has a production default. */
export interface BuildAppOptions {
  config: Readonly<Config>;
  /** An open database to use (the caller closes it); otherwise one is opened from the config. */
  db?: Db;
  clock?: Clock;
  passwords?: PasswordHasher;
  /** Start the mail delivery worker (when SMTP_URL is set) and the expiry sweeper. @default true */
  startWorkers?: boolean;
  /** The built web console to serve at `/`; `null` serves none. @default the console package's dist folder */
  consoleDir?: string | null;
}

/** A built, not yet listening, Roster. */
export interface RosterApp {
  app: FastifyInstance;
  ctx: AppContext;
  mailWorker: MailWorker | undefined;
  expiryWorker: ExpiryWorker | undefined;
  close(): Promise<void>;
}

/** Largest JSON body accepted. */
const BODY_LIMIT = 1024 * 1024;

/** Builds the HTTP application: database migrated, routes registered, workers started. Does not listen. */
export async function buildApp(options: BuildAppOptions): Promise<RosterApp> {
  const { config } = options;
  const ownsDb = options.db === undefined;
  const db = options.db ?? await createDb({
    databaseUrl: config.databaseUrl, dataDir: config.databaseUrl === undefined ? config.dataDir : undefined,
    poolSize: config.databasePoolSize,
  });
  await migrateToLatest(db);

  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
    },
    bodyLimit: BODY_LIMIT,
    trustProxy: config.trustProxy,
    routerOptions: { maxParamLength: 200 },
    frameworkErrors: handleFrameworkError,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const cache = new AuthCache();
  // The access cache reads through the transactor, which needs this commit hook first.
  const accessRef: { cache?: AccessCache } = {};
  const onCommit = (events: CommitEvents) => {
    for (const change of events.invalidations) {
      cache.invalidate(change);
      accessRef.cache?.invalidate(change);
    }
    for (const mail of events.devMail) {
      // The dev mailbox: nothing leaves the machine, so the link is printed (never the address or names).
      app.log.info({ orgId: mail.orgId, link: mail.link }, 'dev mailbox: message kept, not sent');
    }
  };
  const deps: CoreDeps = {
    db: createTransactor(db, onCommit),
    clock: options.clock ?? systemClock,
    secrets: createSecrets(),
    passwords: options.passwords ?? argon2Passwords,
    config: {
      publicUrl: config.publicUrl,
      sessionTtlMs: config.sessionTtlDays * 24 * 60 * 60 * 1000,
      mailTransport: config.smtpUrl === undefined ? 'dev_mailbox' : 'smtp',
    },
  };
  const access = new AccessCache(deps.db);
  accessRef.cache = access;
  const tokenUsage = new TokenUsage(deps.db, () => deps.clock.now(), app.log);
  const ctx: AppContext = { config, deps, db, cache, access, tokenUsage };
  // Other instances' changes arrive here; this instance's own were applied at commit.
  const unlisten = await db.listen(CACHE_CHANNEL, (payload) => {
    const change = decodeInvalidation(payload);
    if (change === undefined) {
      cache.clear();
      ctx.access.clear();
    } else {
      cache.invalidate(change);
      ctx.access.invalidate(change);
    }
  });

  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: () => new RosterError(ErrorCodes.RATE_LIMITED),
  });
  registerSecurity(app, ctx);
  registerErrorHandling(app);
  registerInputGuards(app);
  await registerOpenApi(app, config.publicUrl);

  const api = app.withTypeProvider<ZodTypeProvider>();
  registerSystemRoutes(api, ctx);
  registerAuthRoutes(api, ctx);
  registerMeRoutes(api, ctx);
  registerOrganizationRoutes(api, ctx);
  registerMemberRoutes(api, ctx);
  registerBulkRoutes(api, ctx);
  registerInvitationRoutes(api, ctx);
  registerInviteLinkRoutes(api, ctx);
  registerRoleRoutes(api, ctx);
  registerActivityRoutes(api, ctx);
  registerAccessRoutes(api, ctx);
  registerApiTokenRoutes(api, ctx);
  registerUsageRoutes(api, ctx);
  await registerConsole(app, options.consoleDir === undefined ? consoleDistDir : options.consoleDir);
  await app.ready();

  const mailWorker = config.smtpUrl !== undefined && options.startWorkers !== false
    ? await startMailWorker({ db, smtpUrl: config.smtpUrl, from: config.mailFrom, clock: deps.clock, logger: app.log })
    : undefined;

  const expiryWorker = options.startWorkers !== false
    ? startExpiryWorker(deps, config.expirySweepSeconds * 1000, app.log)
    : undefined;

  return {
    app, ctx, mailWorker, expiryWorker,
    async close() {
      await mailWorker?.stop();
      await expiryWorker?.stop();
      await tokenUsage.close();
      await app.close();
      await unlisten();
      if (ownsDb) await db.close();
    },
  };
}
