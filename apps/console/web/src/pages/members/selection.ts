import { useCallback, useMemo, useState } from 'react';
import type { Member } from '../../api/types';
import type { SelectionBody } from './bulk/task';
import { memberFilter, type MembersView } from './view';

// The members picked for a bulk action: some rows, picked one by one (on any page), or every member the table's
// filter matches ("Select all 1,234 matching"), which the API resolves itself when the action is previewed.

/** What is selected: nothing, some members by id, or everyone matching the filter. */
export type Selection =
  | { mode: 'none' }
  | { mode: 'ids'; members: ReadonlyMap<string, Member> }
  | { mode: 'filter' };

const NONE: Selection = { mode: 'none' };

/** The members table's selection, and ways to change it. It empties itself whenever `key` (the filter) changes. */
export function useSelection(key: string) {
  const [state, setState] = useState<{ key: string; selection: Selection }>({ key, selection: NONE });
  // A selection made under another filter no longer means anything: start again, without an effect's extra render.
  const selection = state.key === key ? state.selection : NONE;
  if (state.key !== key) setState({ key, selection: NONE });

  const update = useCallback((change: (current: Selection) => Selection) => {
    setState((current) => ({ key, selection: change(current.key === key ? current.selection : NONE) }));
  }, [key]);

  /** Picks or unpicks one member; unpicking one out of "everyone matching" keeps the rest of `page`. */
  const toggle = useCallback((member: Member, checked: boolean, page: readonly Member[]) => update((current) => {
    const members = new Map(current.mode === 'ids' ? current.members : current.mode === 'filter' ? page.map((row) => [row.id, row]) : []);
    if (checked) members.set(member.id, member);
    else members.delete(member.id);
    return members.size === 0 ? NONE : { mode: 'ids', members };
  }), [update]);

  /** Picks or unpicks every member of the page. */
  const togglePage = useCallback((page: readonly Member[], checked: boolean) => update((current) => {
    if (!checked && current.mode === 'filter') return NONE;
    const members = new Map(current.mode === 'ids' ? current.members : []);
    for (const member of page) {
      if (checked) members.set(member.id, member);
      else members.delete(member.id);
    }
    return members.size === 0 ? NONE : { mode: 'ids', members };
  }), [update]);

  const selectMatching = useCallback(() => update(() => ({ mode: 'filter' })), [update]);
  const clear = useCallback(() => update(() => NONE), [update]);

  return useMemo(() => ({ selection, toggle, togglePage, selectMatching, clear }), [selection, toggle, togglePage, selectMatching, clear]);
}

/** Whether the member is selected. */
export function isSelected(selection: Selection, memberId: string): boolean {
  return selection.mode === 'filter' || (selection.mode === 'ids' && selection.members.has(memberId));
}

/** How many of the page's members are selected. */
export function selectedOnPage(selection: Selection, page: readonly Member[]): number {
  if (selection.mode === 'filter') return page.length;
  if (selection.mode === 'none') return 0;
  return page.reduce((count, member) => count + (selection.members.has(member.id) ? 1 : 0), 0);
}

/** What a bulk action is sent as its members: the ids picked, or the view's filter. */
export function selectionBody(selection: Selection, view: MembersView): SelectionBody {
  return selection.mode === 'ids' ? { memberIds: [...selection.members.keys()] } : { filter: memberFilter(view) };
}

/** The bulk bar's count: "12 selected", "All 1,234 selected"; null when nothing is. */
export function selectionCount(selection: Selection, total: number | null): string | null {
  if (selection.mode === 'none') return null;
  if (selection.mode === 'ids') return `${selection.members.size.toLocaleString('en')} selected`;
  return total === null ? 'All matching selected' : `All ${total.toLocaleString('en')} selected`;
}

/** Who is selected, for a dialog's title: "12 members", "1 external collaborator", "all 1,234 members". */
export function selectionWho(selection: Selection, total: number | null, noun: string): string {
  if (selection.mode === 'ids') {
    const count = selection.members.size;
    return count === 1 ? `1 ${noun.replace(/s$/, '')}` : `${count.toLocaleString('en')} ${noun}`;
  }
  return total === null ? `all matching ${noun}` : `all ${total.toLocaleString('en')} ${noun}`;
}
