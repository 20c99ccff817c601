import { api } from '../../../api/client';
import type { ApplyProgressEvent, AppliedPlan, BulkActionBody, Plan, PlanAction, PlanRowPage } from '../../../api/types';
import { ApiError } from '../../../api/client';

// The requests behind bulk actions and tag imports: each first makes a plan (a dry run), which is applied later by id.

/** A request that makes a plan; made again for "Preview again" when the organization changed since. */
export interface PlanRequest {
  /** What the plan does, for the dialog's words. */
  action: PlanAction;
  /** How many members were picked, when known before the preview (row by row); null for "all matching" and imports. */
  picked: number | null;
  /** The file's name, for an import. */
  fileName?: string;
  /** Makes the plan (again). */
  run: () => Promise<Plan>;
}

/** A bulk action's request, previewed. */
export function bulkRequest(orgId: string, body: BulkActionBody): PlanRequest {
  return {
    action: body.action,
    picked: body.memberIds?.length ?? null,
    run: () => api.post<Plan>(`/orgs/${orgId}/members/bulk`, body),
  };
}

/** How a tag import treats the file's tags. */
export interface ImportOptions {
  /** `add` adds the listed tags; `replace` makes them each listed member's only tags. */
  mode: 'add' | 'replace';
  /** `report` refuses rows naming a tag the catalogue lacks; `create` adds such tags. */
  unknownTags: 'create' | 'report';
}

/** A tag import's request: the CSV file itself is the body. */
export function importRequest(orgId: string, file: File, options: ImportOptions): PlanRequest {
  return {
    action: 'import_tags',
    picked: null,
    fileName: file.name,
    run: () => api.upload<Plan>(`/orgs/${orgId}/imports/tags`, file, 'text/csv', { mode: options.mode, unknownTags: options.unknownTags }),
  };
}

/** Rows of a plan, from `offset`, of one outcome or of every one. */
export function fetchPlanRows(orgId: string, planId: string, offset: number, outcome?: 'change' | 'unchanged' | 'refused') {
  return api.get<PlanRowPage>(`/orgs/${orgId}/plans/${planId}/rows`, { offset, limit: 500, outcome });
}

/**
 * Applies a plan, reporting progress as the server streams it; answers what changed. Errors (the plan is stale,
 * expired, already applied) are thrown as ApiErrors, whether refused at once or in the stream.
 */
export async function applyPlan(orgId: string, planId: string, onProgress: (done: number, total: number) => void): Promise<AppliedPlan> {
  let result: AppliedPlan | undefined;
  await api.postLines(`/orgs/${orgId}/plans/${planId}/apply`, (line) => {
    const event = line as ApplyProgressEvent | AppliedPlan | undefined;
    if (event === undefined) return;
    if (!('type' in event)) {
      result = event;
    } else if (event.type === 'progress') {
      onProgress(event.done, event.total);
    } else if (event.type === 'result') {
      result = event.result;
    } else {
      throw new ApiError(409, event.error.code, event.error.message, event.error.details);
    }
  });
  if (result === undefined) throw new ApiError(0, 'network.unreachable', 'The connection to Roster was lost before the changes were confirmed. Reload the page to see what was applied.');
  return result;
}
