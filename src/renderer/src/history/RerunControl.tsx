import { useState } from 'react';
import { PROVIDER_IDS, type ProviderId } from '../../../shared/result.ts';
import { useI18n } from '../i18n.ts';

/** Run the extraction again on the stored image, with the same provider or another one. */
export function RerunControl({
  current,
  running,
  disabled,
  onRerun,
}: {
  current: ProviderId;
  running: boolean;
  disabled: boolean;
  onRerun: (provider: ProviderId) => void;
}) {
  const { t } = useI18n();
  const [provider, setProvider] = useState<ProviderId>(current);
  return (
    <div className="rerun">
      <label htmlFor="rerun-provider">{t('rerunLabel')}</label>
      <select
        id="rerun-provider"
        value={provider}
        onChange={(e) => setProvider(e.target.value as ProviderId)}
      >
        {PROVIDER_IDS.map((p) => (
          <option key={p} value={p}>
            {t(`providerShort_${p}`)}
          </option>
        ))}
      </select>
      {/* aria-disabled, not disabled: the button keeps the focus while the run goes on. */}
      <button type="button" aria-disabled={disabled} onClick={() => disabled || onRerun(provider)}>
        {running ? t('rerunRunning') : t('rerunButton')}
      </button>
    </div>
  );
}
