import type { Check } from '../../../shared/result.ts';
import { useI18n } from '../i18n.ts';
import { failedFirst, sayCheck } from './checks.ts';

/**
 * What the checks of a result's numbers found, the failed ones first: each sentence says what
 * was compared and by how much it is off. Absent when no check applied.
 */
export function ChecksList({ checks }: { checks: readonly Check[] | undefined }) {
  const { t } = useI18n();
  if (!checks || checks.length === 0) return null;
  return (
    <section className="checks" aria-labelledby="checks-title">
      <h3 id="checks-title">{t('checksTitle')}</h3>
      <ul>
        {failedFirst(checks).map((check, i) => (
          <li key={`${check.id}-${i}`} className={check.ok ? 'check-ok' : 'check-failed'}>
            <span className="check-mark" aria-hidden="true">
              {check.ok ? '✓' : '✗'}
            </span>
            <span>
              <span className="visually-hidden">{t(check.ok ? 'checkPassed' : 'checkFailed')} </span>
              {sayCheck(check, t)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
