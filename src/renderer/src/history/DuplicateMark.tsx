import type { ResultSummary } from '../../../shared/ipc.ts';
import { formatTime } from '../format.ts';
import { useI18n } from '../i18n.ts';

/**
 * "Duplicate" beside a result whose stored image another result has too: the same picture
 * extracted twice looks like any other row otherwise. Its name says which result (by its time, as
 * the list shows it); an image role, so the name is read while the badge shows one short word.
 */
export function DuplicateMark({ of }: { of: ResultSummary['duplicateOf'] }) {
  const { t, locale } = useI18n();
  if (!of) return null;
  const said = t('duplicateOf', { time: formatTime(of.createdAt, locale) });
  return (
    <span className="badge badge-duplicate" role="img" aria-label={said} title={said}>
      {t('duplicateBadge')}
    </span>
  );
}
