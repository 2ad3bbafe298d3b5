import { useContext } from 'react';
import { useI18n } from '../i18n.ts';
import { LeaveGuardContext } from '../leave-guard.ts';
import type { Route } from '../route.ts';

export function Nav({ route }: { route: Route }) {
  const { t } = useI18n();
  const guard = useContext(LeaveGuardContext);
  const link = (to: Route, label: string) => (
    <a
      href={`#/${to}`}
      className="nav-link"
      aria-current={route === to ? 'page' : undefined}
      onClick={(e) => {
        // The window shown asks first when leaving would lose work (a profile not saved).
        if (route !== to && guard.current?.(() => (window.location.hash = `#/${to}`))) e.preventDefault();
      }}
    >
      {label}
    </a>
  );
  return (
    <header className="topbar">
      <span className="brand" aria-hidden="true">
        Extracto
      </span>
      <nav aria-label={t('navLabel')} className="nav">
        {link('settings', t('navSettings'))}
        {link('history', t('navHistory'))}
      </nav>
    </header>
  );
}
