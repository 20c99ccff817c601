import type { MemberFilter } from '../../../api/types';
import type { PreviewTask } from './PreviewDialog';

/** The members a bulk action is for: picked by id, or every one matching the table's filter. */
export type SelectionBody = { memberIds: string[] } | { filter: MemberFilter };

/** The bulk actions that ask for something first (a role, tags, access). */
export type ArgumentAction = 'change_role' | 'add_tags' | 'remove_tags' | 'grant_access' | 'revoke_access';

/** The dialog the members page shows for bulk work: an action's arguments, a preview, or a tag import. */
export type BulkTask =
  | {
    kind: 'arguments';
    action: ArgumentAction;
    selection: SelectionBody;
    /** Who is selected, in words for the title: "12 members", "all 1,234 members". */
    who: string;
  }
  | { kind: 'preview'; preview: PreviewTask }
  | { kind: 'import' };
