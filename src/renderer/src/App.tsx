import { useEffect, useMemo, useRef, useState } from 'react';
import { useApi } from './api.ts';
import { I18nContext } from './i18n.ts';
import { LeaveGuardContext, type LeaveGuard } from './leave-guard.ts';
import { translator } from '../../shared/messages/catalogue.ts';
import { pickLocale } from '../../shared/messages/locale.ts';
import { useRoute } from './route.ts';
import { SettingsWindow } from './settings/SettingsWindow.tsx';
import { HistoryWindow } from './history/HistoryWindow.tsx';
import { PreviewWindow } from './preview/PreviewWindow.tsx';
import { Nav } from './ui/Nav.tsx';

export function App() {
  const api = useApi();
  const route = useRoute();
  const [preference, setPreference] = useState<'auto' | 'en' | 'es'>('auto');
  const leaveGuard = useRef<LeaveGuard | null>(null);

  useEffect(() => {
    api.settingsGet().then(
      (s) => setPreference(s.locale),
      () => undefined, // the OS language serves until settings can be read
    );
  }, [api]);

  const i18n = useMemo(() => {
    const locale = pickLocale(preference, navigator.languages);
    return { locale, t: translator(locale) };
  }, [preference]);

  useEffect(() => {
    document.documentElement.lang = i18n.locale;
    document.title = `${i18n.t(route === 'history' ? 'navHistory' : route === 'preview' ? 'previewTitle' : 'navSettings')} · Extracto`;
  }, [i18n, route]);

  // The preview is a question of its own, not one of the two windows one moves between.
  if (route === 'preview') {
    return (
      <I18nContext value={i18n}>
        <PreviewWindow />
      </I18nContext>
    );
  }
  return (
    <I18nContext value={i18n}>
      <LeaveGuardContext value={leaveGuard}>
        <div className="app">
          <Nav route={route} />
          {route === 'history' ? <HistoryWindow /> : <SettingsWindow onLocale={setPreference} />}
        </div>
      </LeaveGuardContext>
    </I18nContext>
  );
}
