import { useContext, type ReactNode } from 'react';
import { LeaveGuardContext } from '../leave-guard.ts';
import type { Route } from '../route.ts';

/**
 * A link to one of the windows. When it leads away from the one shown, that window is asked
 * first (it holds the move while a profile it edits is not saved).
 */
export function RouteLink({
  to,
  current,
  className,
  children,
}: {
  to: Route;
  /** This is the window shown: the link marks it and leaves nothing. */
  current: boolean;
  className?: string;
  children: ReactNode;
}) {
  const guard = useContext(LeaveGuardContext);
  return (
    <a
      href={`#/${to}`}
      className={className}
      aria-current={current ? 'page' : undefined}
      onClick={(e) => {
        if (!current && guard.current?.(() => (window.location.hash = `#/${to}`))) e.preventDefault();
      }}
    >
      {children}
    </a>
  );
}
