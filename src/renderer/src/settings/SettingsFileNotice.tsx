import type { SettingsProblem, SettingsReport } from '../../../shared/settings-problems.ts';
import { useI18n } from '../i18n.ts';
import type { Translate } from '../../../shared/messages/catalogue.ts';
import { problemText } from './problems.ts';

/** One part of the file that was not used: where it is, and what became of it. */
function ProblemItem({ problem, t }: { problem: SettingsProblem; t: Translate }) {
  const known = problemText(problem.reason, t);
  // The schema's own wording is for developers; a person is told the value was not valid.
  const why =
    known !== problem.reason
      ? known
      : t('settingsFileInvalid', { value: problem.value === undefined ? '' : ` (${problem.value})` });
  const outcome = t(problem.outcome === 'dropped' ? 'settingsFileDropped' : 'settingsFileDefault');
  return (
    <li>
      <strong>{problem.what}</strong>: {why}; {outcome}
    </li>
  );
}

/**
 * What was wrong in settings.json when the app read it (a typo made by hand, say) and what was done
 * about it: privacy made strict first, then the parts not used, then where the original file is.
 * Nothing when the file was valid.
 */
export function SettingsFileNotice({ reports }: { reports: readonly SettingsReport[] }) {
  const { t } = useI18n();
  if (reports.length === 0) return null;
  return (
    <section className="file-notice" role="alert" aria-labelledby="file-notice-title">
      <h2 id="file-notice-title">{t('settingsFileTitle')}</h2>
      {reports.map((report, i) => (
        <div key={i}>
          {report.privacyStrict && <p className="file-notice-strict">{t('settingsFilePrivacy')}</p>}
          {report.providerReset && <p>{t('settingsFileProvider')}</p>}
          {report.unreadable === undefined ? (
            <>
              <p>{t('settingsFileProblems', { file: report.file })}</p>
              <ul>
                {report.problems.map((problem, j) => (
                  <ProblemItem key={j} problem={problem} t={t} />
                ))}
              </ul>
            </>
          ) : (
            <p>{t('settingsFileUnreadable', { file: report.file, why: report.unreadable })}</p>
          )}
          {report.copy && (
            <p>
              {t('settingsFileCopy')} <code>{report.copy}</code>
            </p>
          )}
        </div>
      ))}
    </section>
  );
}
