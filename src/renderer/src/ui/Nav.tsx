import { useI18n } from '../i18n.ts';
import type { Route } from '../route.ts';
import { RouteLink } from './RouteLink.tsx';

export function Nav({ route }: { route: Route }) {
  const { t } = useI18n();
  const link = (to: Route, label: string) => (
    <RouteLink to={to} current={route === to} className="nav-link">
      {label}
    </RouteLink>
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
