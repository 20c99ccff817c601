import {
  appliedPlanSchema, applyProgressEventSchema, planRowPageSchema, type planChangesSchema, type planRowSchema, type planSchema,
} from '@roster/contracts';
import type { z } from 'zod';
import { ApiError, CliError, ExitCode } from './errors';
import { columnWidths, formatCount, formatStatus, formatTableLines, plural, say, writeOut } from './output';
import { startProgress } from './progress';
import type { Session } from './session';

/** A plan: the dry-run preview of an import or bulk action. */
export type Plan = z.output<typeof planSchema>;
/** One row of a plan. */
export type PlanRow = z.output<typeof planRowSchema>;
/** The answer of applying a plan. */
export type AppliedPlan = z.output<typeof appliedPlanSchema>;
type PlanChanges = z.output<typeof planChangesSchema>;

/** How to show and whether to apply a plan. */
export interface PlanOptions {
  /** Apply the plan after showing it: --apply is the confirmation. */
  apply: boolean;
  /** Print JSON (the plan with every row, and what applying did) instead of tables. */
  json: boolean;
  /** List unchanged rows too. @default false */
  showUnchanged: boolean;
  /** Whether running the same command with --apply applies it (not so for `plans show`). @default true */
  sameCommandApplies?: boolean;
}

const ROWS_PAGE = 1000;
/** Pages requested ahead of the one being printed. */
const PREFETCH = 4;

/**
 * The plan's rows, page by page and in order: the first page came with the plan; the rest are
 * fetched a few pages ahead of the one being printed (a 100,000-row import has 100 pages).
 */
export async function* planRowPages(session: Session, plan: Plan): AsyncGenerator<PlanRow[]> {
  yield plan.rows;
  if (plan.nextOffset === null) return;
  const offsets: number[] = [];
  for (let offset = plan.nextOffset; offset < plan.summary.rows; offset += ROWS_PAGE) offsets.push(offset);
  const path = `${session.orgPath}/plans/${encodeURIComponent(plan.id)}/rows`;
  const request = (offset: number) => {
    const page = session.client.get(path, planRowPageSchema, { offset, limit: ROWS_PAGE });
    // Awaited in turn below; this only keeps a failure of a page ahead from going unhandled meanwhile.
    page.catch(() => undefined);
    return page;
  };
  const ahead = offsets.slice(0, PREFETCH).map(request);
  for (let next = PREFETCH; ahead.length > 0; next += 1) {
    const page = await ahead.shift()!;
    if (next < offsets.length) ahead.push(request(offsets[next]!));
    yield page.items;
  }
}

function describeGrant(grant: PlanChanges['grantsAdded'][number]): string {
  const target = grant.resource === null ? `all ${grant.resourceType}` : `${grant.resourceType} ${grant.resource.name}`;
  return grant.role === null ? target : `${target} (${grant.role.name})`;
}

/** What a row changes, in one cell: `+Seattle -Finance`, `role: Viewer → Admin`, `status: Active → Deactivated`. */
export function describeRow(row: PlanRow): string {
  if (row.outcome === 'refused') {
    return `refused: ${row.refusal?.code ?? 'unknown'}: ${row.refusal?.message ?? ''}`.trimEnd();
  }
  if (row.outcome === 'unchanged' || row.changes === null) return 'unchanged';
  const c = row.changes;
  const parts = [
    ...c.tagsAdded.map((tag) => `+${tag}`),
    ...c.tagsRemoved.map((tag) => `-${tag}`),
  ];
  if (c.role !== null) parts.push(`role: ${c.role.from?.name ?? 'none'} → ${c.role.to.name}`);
  if (c.status !== null) parts.push(`status: ${formatStatus(c.status.from)} → ${formatStatus(c.status.to)}`);
  parts.push(...c.grantsAdded.map((g) => `+access: ${describeGrant(g)}`));
  parts.push(...c.grantsRemoved.map((g) => `-access: ${describeGrant(g)}`));
  if (c.invitationResent) parts.push('invitation resent');
  return parts.join(' ');
}

/** The preview table's headers: the CSV line for imports, the member's name for bulk actions. */
function planHeaders(plan: Plan): string[] {
  return plan.action === 'import_tags' ? ['LINE', 'EMAIL', 'CHANGE'] : ['NAME', 'EMAIL', 'CHANGE'];
}

/** The preview table's cells for the rows shown. */
function planCells(plan: Plan, rows: PlanRow[], showUnchanged: boolean): string[][] {
  return rows.filter((row) => showUnchanged || row.outcome !== 'unchanged').map((row) => [
    plan.action === 'import_tags' ? String(row.line ?? '') : (row.name ?? row.memberId ?? '—'),
    row.email ?? '—',
    describeRow(row),
  ]);
}

/** The preview as a table: per row the CSV line (imports) or name (bulk), the email, and what changes. */
export function formatPlanRows(plan: Plan, rows: PlanRow[], showUnchanged: boolean): string {
  const cells = planCells(plan, rows, showUnchanged);
  if (cells.length === 0) return '';
  return formatTableLines([planHeaders(plan), ...cells], columnWidths(planHeaders(plan), cells));
}

/**
 * Prints the preview table as its pages arrive, so a large plan starts showing at once. The
 * columns are as wide as the first page needs (the line column as wide as the last line number);
 * a wider cell further down pushes the rest of its line.
 */
async function printPlanRows(session: Session, plan: Plan, showUnchanged: boolean): Promise<void> {
  let widths: number[] | undefined;
  for await (const rows of planRowPages(session, plan)) {
    const cells = planCells(plan, rows, showUnchanged);
    if (cells.length === 0) continue;
    if (widths === undefined) {
      const headers = planHeaders(plan);
      widths = columnWidths(headers, [...cells, [String(plan.summary.rows + 1), '', '']]);
      await writeOut(formatTableLines([headers], widths));
    }
    await writeOut(formatTableLines(cells, widths));
  }
}

/** Prints the plan as JSON with every row, streamed, then what applying did (or null). */
async function printPlanJson(session: Session, plan: Plan, apply: () => Promise<AppliedPlan | null>): Promise<void> {
  const { rows: _rows, nextOffset: _nextOffset, ...head } = plan;
  await writeOut(`{"plan":${JSON.stringify({ ...head, nextOffset: null }).slice(0, -1)},"rows":[`);
  let first = true;
  for await (const rows of planRowPages(session, plan)) {
    for (const row of rows) {
      await writeOut(`${first ? '\n' : ',\n'}${JSON.stringify(row)}`);
      first = false;
    }
  }
  await writeOut(`\n]},\n"applied":${JSON.stringify(await apply())}}\n`);
}

/** The summary under the table: counts, refusals by code, tags to create. */
export function formatPlanSummary(plan: Plan, showUnchanged: boolean): string {
  const s = plan.summary;
  const refusals = Object.entries(s.refusalsByCode).map(([code, count]) => `${code} ×${formatCount(count)}`).join(', ');
  const lines = [
    `${plural(s.rows, 'row')}: ${formatCount(s.changes)} to change, ${formatCount(s.unchanged)} unchanged${s.unchanged > 0 && !showUnchanged ? ' (not listed)' : ''}, `
      + `${formatCount(s.refused)} refused${refusals === '' ? '' : ` (${refusals})`}`,
  ];
  if (s.tagsToCreate.length > 0) lines.push(`Tags to create: ${s.tagsToCreate.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

/** Whether applying would do anything. */
function hasWork(plan: Plan): boolean {
  return plan.summary.changes > 0 || plan.summary.tagsToCreate.length > 0;
}

/** Explains `plan.stale` the way a person acts on it. */
function staleError(error: ApiError): CliError {
  return new CliError(`${error.code}: ${error.apiMessage} Nothing was changed; run the command again for a new preview.`, ExitCode.STALE);
}

/**
 * Applies a plan, showing a progress bar from the server's ndjson progress lines. A server
 * answering plain JSON is accepted too. `plan.stale` exits 5 with what to do.
 */
export async function applyPlan(session: Session, planId: string, expectedRows: number): Promise<AppliedPlan> {
  const path = `${session.orgPath}/plans/${encodeURIComponent(planId)}/apply`;
  let response: Response;
  try {
    response = await session.client.send('POST', path, { headers: { accept: 'application/x-ndjson' } });
  } catch (error) {
    if (error instanceof ApiError && error.code === 'plan.stale') throw staleError(error);
    throw error;
  }
  if (!(response.headers.get('content-type') ?? '').includes('ndjson')) {
    const parsed = appliedPlanSchema.safeParse(await response.json());
    if (!parsed.success) throw new CliError('the server\'s answer to applying the plan is not what this roster expects');
    return parsed.data;
  }
  const progress = startProgress('Applying', 'rows', expectedRows);
  try {
    let result: AppliedPlan | undefined;
    for await (const line of readLines(response)) {
      const parsed = applyProgressEventSchema.safeParse(JSON.parse(line));
      if (!parsed.success) continue;
      const event = parsed.data;
      if (event.type === 'progress') {
        progress.update(event.done, event.total);
      } else if (event.type === 'result') {
        result = event.result;
      } else {
        const error = new ApiError(0, event.error.code, event.error.message, event.error.details);
        throw error.code === 'plan.stale' ? staleError(error) : error;
      }
    }
    if (result === undefined) throw new CliError('the connection closed before the server said whether the plan was applied; check with "roster members list"', ExitCode.UNREACHABLE);
    return result;
  } finally {
    progress.stop();
  }
}

/** The lines of a streamed body. */
async function* readLines(response: Response): AsyncGenerator<string> {
  if (response.body === null) return;
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let newline = buffer.indexOf('\n');
      while (newline >= 0) {
        const line = buffer.slice(0, newline).trim();
        buffer = buffer.slice(newline + 1);
        if (line !== '') yield line;
        newline = buffer.indexOf('\n');
      }
    }
  } catch (error) {
    throw new CliError(`the connection broke while the plan was being applied (${(error as Error).message}); it was applied entirely or not at all: check with "roster members list"`, ExitCode.UNREACHABLE);
  }
  buffer += decoder.decode();
  if (buffer.trim() !== '') yield buffer.trim();
}

/** Prints what applying did. */
function formatApplied(applied: AppliedPlan): string {
  const created = applied.tagsCreated.length > 0 ? `; created ${plural(applied.tagsCreated.length, 'tag')}: ${applied.tagsCreated.join(', ')}` : '';
  return `Applied: ${plural(applied.changed, 'member')} changed${created}.\n`;
}

/**
 * Shows a plan (a table and a summary, or JSON) and applies it when asked. What it prints
 * goes to stdout; hints go to stderr.
 */
export async function showAndApplyPlan(session: Session, plan: Plan, options: PlanOptions): Promise<void> {
  if (options.json) {
    await printPlanJson(session, plan, async () => (options.apply && hasWork(plan) ? applyPlan(session, plan.id, plan.summary.changes) : null));
    return;
  }
  await printPlanRows(session, plan, options.showUnchanged);
  await writeOut(formatPlanSummary(plan, options.showUnchanged));
  if (!hasWork(plan)) {
    say('Nothing to apply.');
    return;
  }
  if (!options.apply) {
    const sameCommand = options.sameCommandApplies === false ? '' : 'the same command and --apply, or with ';
    say(`This was a preview; nothing changed. Apply it with ${sameCommand}"roster plans apply ${plan.id}" (until ${plan.expiresAt}).`);
    return;
  }
  await writeOut(formatApplied(await applyPlan(session, plan.id, plan.summary.changes)));
}

/** Applies a plan previewed earlier, by id (`roster plans apply`). */
export async function applyPlanById(session: Session, planId: string, json: boolean): Promise<void> {
  const applied = await applyPlan(session, planId, 0);
  await writeOut(json ? `${JSON.stringify(applied, null, 2)}\n` : formatApplied(applied));
}
