import type { Plan } from '../../../api/types';
import { ArgumentsDialog } from './ArgumentDialogs';
import type { PlanRequest } from './bulk-api';
import { ImportDialog } from './ImportDialog';
import { PreviewDialog } from './PreviewDialog';
import type { BulkTask } from './task';

/**
 * The members page's bulk dialogs, loaded the first time one is needed: an action's arguments, the tag import and the
 * preview they lead to. One at a time: each step replaces the one before.
 */
export function BulkDialogs({ task, onTask, onApplied }: {
  /** The dialog to show; null shows none. */
  task: BulkTask | null;
  /** Moves to another step, or closes with null. */
  onTask: (task: BulkTask | null) => void;
  /** Called once a plan is applied. */
  onApplied: () => void;
}) {
  const close = () => onTask(null);
  const toPreview = (request: PlanRequest, plan: Plan) => onTask({ kind: 'preview', preview: { request, plan } });
  return (
    <>
      {task?.kind === 'arguments' && (
        <ArgumentsDialog action={task.action} selection={task.selection} who={task.who} onClose={close} onPreview={toPreview} />
      )}
      {task?.kind === 'import' && <ImportDialog onClose={close} onPreview={toPreview} />}
      <PreviewDialog task={task?.kind === 'preview' ? task.preview : null} onClose={close} onApplied={onApplied} />
    </>
  );
}
