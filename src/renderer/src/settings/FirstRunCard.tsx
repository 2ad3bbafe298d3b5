import type { ProviderId } from '../../../shared/result.ts';
import { useI18n } from '../i18n.ts';
import { RouteLink } from '../ui/RouteLink.tsx';

interface Props {
  provider: ProviderId;
  /** The capture shortcut as this platform writes it (the person's own, else the default). */
  shortcut: string;
  /** A first profile is being edited below: step 1 says how to finish it. */
  drafting: boolean;
  onCreate: () => void;
  onSample: () => void;
}

/**
 * The main column while there is no profile: the three steps from nothing to a first result, each
 * with what starts it, instead of a page of settings with nothing to read yet.
 */
export function FirstRunCard({ provider, shortcut, drafting, onCreate, onSample }: Props) {
  const { t } = useI18n();
  const local = provider === 'local';
  const name = t(`provider_${provider}`);
  return (
    <section className="card first-run" aria-labelledby="first-run-title">
      <h2 id="first-run-title">{t('firstRunTitle')}</h2>
      <ol className="first-run-steps">
        <li>
          <h3>{t('firstRunProfile')}</h3>
          <p>{t('firstRunProfileText')}</p>
          {drafting ? (
            <p className="hint">{t('firstRunDrafting')}</p>
          ) : (
            <div className="actions">
              <button type="button" className="primary" onClick={onCreate}>
                {t('firstRunCreate')}
              </button>
              <button type="button" onClick={onSample} aria-describedby="first-run-sample">
                {t('profileSample')}
              </button>
              <span id="first-run-sample" className="hint">
                {t('profileSampleHint')}
              </span>
            </div>
          )}
        </li>
        <li>
          <h3>{local ? t('firstRunEngineReady') : t('firstRunEngineOther', { provider: name })}</h3>
          <p>{local ? t('firstRunEngineLocal') : t('firstRunEngineCloud', { provider: name })}</p>
        </li>
        <li>
          <h3>{t('firstRunCapture')}</h3>
          <p>{t('firstRunCaptureText', { shortcut })}</p>
          <p>
            <RouteLink to="history" current={false}>
              {t('firstRunDrop')}
            </RouteLink>
          </p>
        </li>
      </ol>
    </section>
  );
}
