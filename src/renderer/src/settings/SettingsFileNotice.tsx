import { useEffect, useState } from 'react';
import type { SettingsReport } from '../../../shared/settings-problems.ts';
import { useApi } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { problemText } from './problems.ts';

/**
 * What was wrong in settings.json when the app read it (a typo made by hand, say) and what was done
 * about it: the parts dropped, privacy made strict, where the original file is. Nothing when the
 * file was valid.
 */
export function SettingsFileNotice() {
  const api = useApi();
  const { t } = useI18n();
  const [reports, setReports] = useState<SettingsReport[]>([]);

  useEffect(() => {
    api.settingsProblems().then(setReports, () => setReports([]));
  }, [api]);

  if (reports.length === 0) return null;
  return (
    <div className="status status-error" role="alert">
      {reports.map((report, i) => {
        const list = report.problems
          .map((p) => {
            const why = `${p.value === undefined ? '' : `${p.value}: `}${problemText(p.reason, t)}`;
            return t(p.outcome === 'dropped' ? 'settingsFileDropped' : 'settingsFileDefault', {
              what: p.what,
              why,
            });
          })
          .join('; ');
        const sentences = [
          report.unreadable === undefined
            ? t('settingsFileProblems', { file: report.file, list })
            : t('settingsFileUnreadable', { file: report.file, why: report.unreadable }),
          ...(report.privacyStrict ? [t('settingsFilePrivacy')] : []),
          ...(report.providerReset ? [t('settingsFileProvider')] : []),
          ...(report.copy ? [t('settingsFileCopy', { copy: report.copy })] : []),
        ];
        return <p key={i}>{sentences.join(' ')}</p>;
      })}
    </div>
  );
}
