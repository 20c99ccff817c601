import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { ChildMessage, ParentMessage, ServerKind } from './protocol';

const CHILD_SCRIPT = fileURLToPath(new URL('./server-child.ts', import.meta.url));
/** Migrations on a fresh PGlite take a few seconds; nothing else is slow to start. */
const READY_TIMEOUT_MS = 120_000;
/** Seeding 100,000 members on PGlite is the slowest thing the child is asked to do. */
const REPLY_TIMEOUT_MS = 600_000;
const STOP_TIMEOUT_MS = 30_000;

/** A server running in a child process, driven over IPC. */
export interface ServerChild {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  pid: number;
  /** Sends a message and waits for the child's answer of type `reply`. */
  ask<T extends ChildMessage['type']>(message: ParentMessage, reply: T): Promise<Extract<ChildMessage, { type: T }>>;
  /** Sends a message that has no answer. */
  tell(message: ParentMessage): void;
  /** Asks the child to close and exit (so a CPU profile gets written); kills it if it does not. */
  stop(): Promise<void>;
}

/** A free loopback port: the child listens on it and PUBLIC_URL names it. */
export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const running = new Set<ChildProcess>();

/** Kills every child still running; for an interrupted run. */
export function killAllChildren(): void {
  for (const child of running) child.kill('SIGKILL');
}

/**
 * Starts `bench/server-child.ts` in its own Node process (through tsx, as `npm start` runs
 * Roster), with `env` on top of this process's environment. `nodeFlags` go to node itself,
 * e.g. `--cpu-prof`.
 */
export async function startServerChild(
  kind: ServerKind, env: Record<string, string | undefined>, nodeFlags: string[] = [],
): Promise<ServerChild> {
  const childEnv: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...process.env, ...env, BENCH_SERVER: kind })) {
    if (value !== undefined) childEnv[key] = value;
  }
  const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', CHILD_SCRIPT], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: childEnv,
  });
  running.add(child);
  let exited = false;
  const exitPromise = new Promise<void>((resolve) => child.once('exit', () => {
    exited = true;
    running.delete(child);
    resolve();
  }));

  type Waiter = { type: ChildMessage['type']; resolve: (message: ChildMessage) => void; reject: (error: Error) => void };
  const waiters: Waiter[] = [];
  const failAll = (error: Error) => {
    for (const waiter of waiters.splice(0)) waiter.reject(error);
  };
  child.on('message', (message: ChildMessage) => {
    if (message.type === 'failed') {
      failAll(new Error(`${kind} server child failed:\n${message.message}`));
      return;
    }
    const index = waiters.findIndex((waiter) => waiter.type === message.type);
    if (index >= 0) waiters.splice(index, 1)[0]?.resolve(message);
  });
  void exitPromise.then(() => failAll(new Error(`${kind} server child exited (code ${child.exitCode}, signal ${child.signalCode})`)));

  const waitFor = <T extends ChildMessage['type']>(type: T, timeoutMs: number): Promise<Extract<ChildMessage, { type: T }>> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${kind} server child: no '${type}' within ${timeoutMs / 1000} s`)), timeoutMs);
      waiters.push({
        type,
        resolve: (message) => {
          clearTimeout(timer);
          resolve(message as Extract<ChildMessage, { type: T }>);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
    });

  let ready: Extract<ChildMessage, { type: 'ready' }>;
  try {
    ready = await waitFor('ready', READY_TIMEOUT_MS);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    origin: `http://127.0.0.1:${ready.port}`,
    pid: child.pid ?? 0,
    async ask(message, reply) {
      const answer = waitFor(reply, REPLY_TIMEOUT_MS);
      child.send(message);
      return answer;
    },
    tell(message) {
      child.send(message);
    },
    async stop() {
      if (exited) return;
      if (child.connected) child.send({ type: 'stop' } satisfies ParentMessage);
      else child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exitPromise;
      clearTimeout(timer);
    },
  };
}
