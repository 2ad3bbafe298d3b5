import { createContext, useContext, useEffect } from 'react';

/**
 * Holds a move to the other window (a link of the top bar) while this one has work not saved:
 * true when it holds it, and then it calls `go` itself once the person has answered.
 */
export type LeaveGuard = (go: () => void) => boolean;

/** The guard of the window shown, if it has one; App holds it, the top bar's links ask it. */
export const LeaveGuardContext = createContext<{ current: LeaveGuard | null }>({ current: null });

/** Puts `guard` in place while the calling window is shown (null: nothing to keep). */
export function useLeaveGuard(guard: LeaveGuard | null): void {
  const holder = useContext(LeaveGuardContext);
  useEffect(() => {
    holder.current = guard;
    return () => {
      if (holder.current === guard) holder.current = null;
    };
  }, [holder, guard]);
}
