import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import { ErrorCodes } from '@roster/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from './errors';

/** The console's pages may load only what this server serves. */
const CONSOLE_CSP = [
  "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:",
  "font-src 'self' data:", "connect-src 'self'", "frame-src 'self'", "frame-ancestors 'none'", "base-uri 'self'",
  "form-action 'self'", "object-src 'none'",
].join('; ');

const NOT_BUILT_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Roster</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 600px; margin: 12vh auto; padding: 0 24px; color: #1f2937">
<h1>Roster is running</h1><p>The web console has not been built. <code>npm start</code> builds it before starting;
the API is ready: see <a href="/api/docs">the API documentation</a>.</p></body></html>`;

/** Paths the console never answers: the API and the server's own endpoints keep their JSON 404s. */
function isServerPath(url: string): boolean {
  return url.startsWith('/api/') || url === '/api' || url.startsWith('/healthz') || url.startsWith('/readyz') || url.startsWith('/assets/');
}

function wantsHtml(request: FastifyRequest): boolean {
  // Browsers ask for text/html when they navigate; API clients and scripts get the JSON 404.
  return request.headers.accept?.includes('text/html') === true;
}

/**
 * Serves the web console from its built files: hashed assets cached for a year, and the
 * single page (index.html, never cached) for every other page address a browser asks for —
 * `/`, `/orgs/…/members`, the `/invitations/{token}` and `/join/{token}` links in mail.
 */
export async function registerConsole(app: FastifyInstance, distDir: string | null): Promise<void> {
  const indexPath = distDir === null ? null : join(distDir, 'index.html');
  if (distDir !== null && indexPath !== null && existsSync(indexPath)) {
    await app.register(fastifyStatic, {
      root: join(distDir, 'assets'),
      prefix: '/assets/',
      index: false,
      wildcard: true,
      immutable: true,
      maxAge: '365d',
      // Every console response is covered by the same policy as the page.
      setHeaders: (response) => response.setHeader('content-security-policy', CONSOLE_CSP),
    });
  }
  // Read per navigation (a small file): a console rebuilt while the server runs is served at once,
  // never an old page naming assets the rebuild removed.
  const sendPage = async (reply: FastifyReply) => {
    reply.header('content-security-policy', CONSOLE_CSP).header('cache-control', 'no-cache').type('text/html; charset=utf-8');
    const page = indexPath === null ? null : await readFile(indexPath).catch(() => null);
    return page === null ? reply.code(503).send(NOT_BUILT_PAGE) : reply.send(page);
  };
  app.get('/', { schema: { hide: true } }, async (_request, reply) => sendPage(reply));
  app.setNotFoundHandler((request, reply) => {
    if ((request.method === 'GET' || request.method === 'HEAD') && !isServerPath(request.url) && wantsHtml(request)) {
      return sendPage(reply);
    }
    return sendError(reply, ErrorCodes.ROUTE_NOT_FOUND, { method: request.method });
  });
}
