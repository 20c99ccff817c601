import { useState } from 'react';

/**
 * Counts the openings of a dialog, so its form can be keyed by the count: every opening
 * starts from fresh values, and the content stays on screen while the dialog fades out.
 */
export function useOpening<T>(value: T | null): { value: T | null; opening: number } {
  const [state, setState] = useState<{ open: boolean; value: T | null; opening: number }>({ open: false, value: null, opening: 0 });
  const open = value !== null;
  if (open !== state.open) {
    const next = open ? { open, value, opening: state.opening + 1 } : { ...state, open };
    setState(next);
    return { value: next.value, opening: next.opening };
  }
  return { value: state.value, opening: state.opening };
}
