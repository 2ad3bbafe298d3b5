import { useEffect, useRef, useState } from 'react';
import type { PreviewInfo } from '../../../shared/ipc.ts';
import { useApi } from '../api.ts';
import { formatUsd } from '../format.ts';
import { sayError, useI18n } from '../i18n.ts';
import { Status } from '../ui/Status.tsx';

/**
 * Preview before send: exactly the image a cloud provider is about to receive (after redaction
 * and resizing), and who would receive it. Focus starts on "Don't send" and Esc declines, so
 * nothing leaves by a stray Enter; Ctrl+Enter (⌘+Enter) sends.
 */
export function PreviewWindow() {
  const api = useApi();
  const { t, locale } = useI18n();
  const [info, setInfo] = useState<PreviewInfo | null | undefined>(undefined);
  const [answered, setAnswered] = useState<'sent' | 'declined' | null>(null);
  const [error, setError] = useState('');
  const decline = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    api.previewGet().then(setInfo, (e: unknown) => setError(sayError(t, e)));
  }, [api]);
  useEffect(() => decline.current?.focus(), [info]);

  const answer = async (send: boolean) => {
    try {
      await api.previewAnswer({ send });
      setAnswered(send ? 'sent' : 'declined');
    } catch (e) {
      setError(sayError(t, e));
    }
  };

  if (info === undefined) return <main className="loading">{error || t('loading')}</main>;
  if (info === null) return <main className="empty">{t('previewNothing')}</main>;
  const provider = t(`provider_${info.provider}`);
  const kb = Math.max(1, Math.round(info.bytes / 1024));
  return (
    <main
      className="preview"
      onKeyDown={(e) => {
        if (answered) return;
        if (e.key === 'Escape') void answer(false);
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void answer(true);
      }}
    >
      <h1>{t('previewQuestion', { provider, model: info.model })}</h1>
      <p className="hint">
        {t('previewWhat', { profile: info.profile })}{' '}
        {t('previewMeta', { width: info.width, height: info.height, kb, tokens: info.estimatedTokens })}
        {info.costUsd === undefined
          ? ''
          : ` · ${t('estimateCost', { cost: formatUsd(info.costUsd, locale) })}`}
      </p>
      <div className="preview-image">
        <img src={info.image} alt={t('previewAlt', { provider })} />
      </div>
      <div className="actions">
        <span className="hint">{t('previewKeys')}</span>
        <span className="spacer" />
        <button type="button" ref={decline} disabled={answered !== null} onClick={() => void answer(false)}>
          {t('previewDecline')}
        </button>
        <button
          type="button"
          className="primary"
          disabled={answered !== null}
          onClick={() => void answer(true)}
        >
          {t('previewSend', { provider })}
        </button>
      </div>
      <Status
        message={
          error ||
          (answered === 'sent' ? t('previewSent') : answered === 'declined' ? t('previewDeclined') : '')
        }
        error={error !== ''}
      />
    </main>
  );
}
