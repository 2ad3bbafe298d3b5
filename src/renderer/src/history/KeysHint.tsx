import { Fragment } from 'react';
import { useI18n } from '../i18n.ts';

/** The review keys (useReviewKeys) and the picture's (useZoom), always in sight: a clerk learns them from here. */
export function KeysHint() {
  const { t } = useI18n();
  const keys = [
    { id: 'results', keys: ['j', 'k'], what: t('keysResults') },
    { id: 'review', keys: ['n'], what: t('keysNextReview') },
    { id: 'edit', keys: ['e'], what: t('keysEdit') },
    { id: 'confirm', keys: ['c'], what: t('keysConfirm') },
    // On the picture's pane (useZoom): it has them once clicked or tabbed to.
    { id: 'zoom', keys: ['+', '-'], what: t('keysZoom') },
    { id: 'fit', keys: ['0'], what: t('keysFit') },
  ];
  return (
    <p className="hint keys-hint">
      <span className="visually-hidden">{t('keysLabel')}: </span>
      {keys.map(({ id, keys, what }, i) => (
        <Fragment key={id}>
          {i > 0 && ' · '}
          {/* Each key with its words on one line: a narrow column wraps between them, not inside. */}
          <span>
            {keys.map((key, j) => (
              <Fragment key={key}>
                {j > 0 && ' / '}
                <kbd>{key}</kbd>
              </Fragment>
            ))}{' '}
            {what}
          </span>
        </Fragment>
      ))}
    </p>
  );
}
