import { z } from 'zod';
import type { ZodApp } from './route-kit';

const STYLE = `
  body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2937; background: #f8fafc; margin: 0; }
  main { max-width: 480px; margin: 10vh auto; padding: 32px; background: #fff; border: 1px solid #e5e7eb; border-radius: 12px; }
  h1 { margin: 0 0 12px; font-size: 24px; }
  p { line-height: 1.6; color: #4b5563; }
  label { display: block; margin: 12px 0 4px; font-weight: 600; font-size: 14px; }
  input { width: 100%; box-sizing: border-box; padding: 9px 10px; border: 1px solid #cbd5e1; border-radius: 8px; font-size: 15px; }
  button { margin-top: 20px; padding: 10px 16px; border: 0; border-radius: 8px; background: #2563eb; color: #fff; font-size: 15px; cursor: pointer; }
  .error { color: #b91c1c; background: #fef2f2; border: 1px solid #fecaca; padding: 10px 12px; border-radius: 8px; }
  .ok { color: #166534; background: #f0fdf4; border: 1px solid #bbf7d0; padding: 10px 12px; border-radius: 8px; }
  [hidden] { display: none; }`;

// A page that works without the console: it reads the link's state from the public API
// and posts the form back to it. Everything it shows comes from the API's own messages.
function linkPage(kind: 'invitation' | 'join'): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${kind === 'invitation' ? 'Your invitation' : 'Join an organization'} · Roster</title><style>${STYLE}</style></head>
<body><main>
<h1 id="title">${kind === 'invitation' ? 'Your invitation' : 'Join an organization'}</h1>
<p id="summary">Loading…</p>
<p id="problem" class="error" role="alert" hidden></p>
<form id="form" hidden novalidate>
  <div id="fields">
    <label for="firstName">First name</label><input id="firstName" name="firstName" autocomplete="given-name" required>
    <label for="lastName">Last name</label><input id="lastName" name="lastName" autocomplete="family-name" required>
    ${kind === 'join' ? '<label for="email">Email (your username)</label><input id="email" name="email" type="email" autocomplete="email" required>' : ''}
    <label for="password">Password (at least 10 characters)</label><input id="password" name="password" type="password" autocomplete="new-password" required>
  </div>
  <button type="submit" id="submit">${kind === 'invitation' ? 'Accept the invitation' : 'Join'}</button>
</form>
<p id="done" class="ok" role="status" hidden></p>
</main>
<script>
const token = location.pathname.split('/').pop();
const kind = ${JSON.stringify(kind)};
const $ = (id) => document.getElementById(id);
function problem(message) { $('problem').textContent = message; $('problem').hidden = false; }
async function start() {
  if (kind === 'join') { $('summary').textContent = 'Create your account to join. An admin will give you a role.'; $('form').hidden = false; return; }
  const res = await fetch('/api/v1/invitations/' + encodeURIComponent(token));
  const body = await res.json();
  if (!res.ok) { $('summary').hidden = true; problem(body.error.message); return; }
  $('title').textContent = 'Join ' + body.organization.name;
  $('summary').textContent = (body.invitedBy ? body.invitedBy.name + ' invited ' : 'You are invited as ') + body.email +
    ' to join ' + body.organization.name + ' as ' + body.role.name + '. The invitation expires on ' + new Date(body.expiresAt).toLocaleString() + '.';
  if (body.accountExists) { $('fields').hidden = true; $('summary').textContent += ' You already have an account: sign in as ' + body.email + ', then accept.'; }
  else { $('firstName').value = body.firstName || ''; $('lastName').value = body.lastName || ''; }
  $('form').hidden = false;
}
$('form').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('problem').hidden = true;
  const data = Object.fromEntries(new FormData($('form')).entries());
  const url = kind === 'invitation' ? '/api/v1/invitations/' + encodeURIComponent(token) + '/accept' : '/api/v1/join/' + encodeURIComponent(token);
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify($('fields').hidden ? {} : data) });
  const body = await res.json();
  if (!res.ok) { problem(body.error.message); return; }
  $('form').hidden = true;
  $('done').textContent = kind === 'invitation' ? 'Welcome to ' + body.organization.name + '. You are signed in.' :
    'You joined ' + body.organization.name + '. An admin will give you a role; until then you can sign in and wait.';
  $('done').hidden = false;
});
start().catch(() => problem('Roster could not be reached. Try again in a moment.'));
</script>
</body></html>`;
}

const INVITATION_PAGE = linkPage('invitation');
const JOIN_PAGE = linkPage('join');
const tokenParams = z.object({ token: z.string().min(1).max(200) });

/** The pages the links in invitation emails and shared invite links open, until the console serves them. */
export function registerPageRoutes(app: ZodApp): void {
  app.get('/invitations/:token', { schema: { hide: true, params: tokenParams } }, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(INVITATION_PAGE));
  app.get('/join/:token', { schema: { hide: true, params: tokenParams } }, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(JOIN_PAGE));
}
