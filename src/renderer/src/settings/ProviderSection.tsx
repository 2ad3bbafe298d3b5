import { useEffect, useState } from 'react';
import type { TokenEstimate } from '../../../shared/ipc.ts';
import { PROVIDER_IDS, type Detail, type ProviderId } from '../../../shared/result.ts';
import type { ProviderSettings } from '../../../shared/settings.ts';
import { useApi } from '../api.ts';
import { formatUsd } from '../format.ts';
import { sayError, useI18n } from '../i18n.ts';
import { Check } from '../ui/Check.tsx';
import { Status } from '../ui/Status.tsx';
import { TextInput } from '../ui/TextInput.tsx';
import { ApiKeyField } from './ApiKeyField.tsx';
import { useApiKey } from './useApiKey.ts';

const DETAILS = ['low', 'high', 'auto'] as const satisfies readonly Detail[];

/** The screen the estimate is for: this display in device pixels, as a capture would see it. */
function screenSize(): { width: number; height: number } {
  const ratio = window.devicePixelRatio || 1;
  const width = Math.round(window.screen.width * ratio);
  const height = Math.round(window.screen.height * ratio);
  return width > 0 && height > 0 ? { width, height } : { width: 1920, height: 1080 };
}

function validUrl(text: string): boolean {
  try {
    return /^https?:$/.test(new URL(text).protocol);
  } catch {
    return false;
  }
}

export function ProviderSection({
  initial,
  onSaved,
}: {
  initial: ProviderSettings;
  onSaved: (p: ProviderSettings) => void;
}) {
  const api = useApi();
  const { t, locale } = useI18n();
  const [provider, setProvider] = useState<ProviderId>(initial.id);
  const [model, setModel] = useState(initial.model ?? '');
  const [baseUrl, setBaseUrl] = useState(initial.baseUrl ?? '');
  const [detail, setDetail] = useState<Detail>(initial.detail);
  const [ground, setGround] = useState(initial.groundAnswers !== false);
  const [estimates, setEstimates] = useState<Partial<Record<Detail, TokenEstimate>>>({});
  const [status, setStatus] = useState<{ message: string; error?: boolean }>({ message: '' });
  const [checking, setChecking] = useState(false);
  const [size] = useState(screenSize);
  const apiKey = useApiKey(provider);
  const urlProblem = baseUrl !== '' && !validUrl(baseUrl) ? t('baseUrlInvalid') : undefined;

  useEffect(() => {
    let live = true;
    Promise.all(
      DETAILS.map((d) => api.tokensEstimate({ provider, detail: d, ...size, ...(model ? { model } : {}) })),
    ).then(
      (list) => live && setEstimates(Object.fromEntries(list.map((e, i) => [DETAILS[i], e]))),
      () => live && setEstimates({}),
    );
    return () => {
      live = false;
    };
  }, [api, provider, model, size]);

  // What this section does not edit (timeoutSeconds, set in settings.json) is kept as it was.
  const settings = (): ProviderSettings => {
    const { model: _model, baseUrl: _baseUrl, ...kept } = initial;
    return {
      ...kept,
      id: provider,
      detail,
      groundAnswers: ground,
      ...(model.trim() ? { model: model.trim() } : {}),
      ...(baseUrl.trim() ? { baseUrl: baseUrl.trim() } : {}),
    };
  };

  // A key pasted into the field is saved with the rest (through the same secrets:save as Store
  // key): pressing Save provider and finding the key gone was the trap.
  const save = async () => {
    if (urlProblem) return;
    try {
      const saved = await api.settingsSave({ provider: settings() });
      onSaved(saved.provider);
    } catch (e) {
      setStatus({ message: sayError(t, e), error: true });
      return;
    }
    const key = apiKey.typed.trim();
    if (!key) {
      setStatus({ message: t('saved') });
      return;
    }
    const problem = await apiKey.store(key);
    setStatus(
      problem === null
        ? { message: t('savedWithKey') }
        : { message: t('savedKeyNotStored', { problem }), error: true },
    );
  };

  const check = async () => {
    setChecking(true);
    try {
      const { message } = await api.providersCheck({
        provider,
        ...(model.trim() ? { model: model.trim() } : {}),
        ...(baseUrl.trim() ? { baseUrl: baseUrl.trim() } : {}),
      });
      setStatus({ message: t.say(message) });
    } catch (e) {
      setStatus({ message: sayError(t, e), error: true });
    } finally {
      setChecking(false);
    }
  };

  const sample = estimates.auto ?? estimates.high;
  const tokensText = (e: TokenEstimate | undefined): string => {
    if (!e) return '';
    const cost =
      e.costUsd === undefined
        ? t('estimateNoCost')
        : t('estimateCost', { cost: formatUsd(e.costUsd, locale) });
    return `${t('estimateTokens', { tokens: e.tokens, detail: t(`detail_${e.detail}`), w: String(e.width), h: String(e.height) })} · ${cost}${e.estimate ? ` (${t('estimateGuess')})` : ''}`;
  };

  return (
    <section className="card" aria-labelledby="provider-title">
      <h2 id="provider-title">{t('providerTitle')}</h2>
      <div className="provider-grid">
        <div className="control">
          <label htmlFor="provider">{t('providerLabel')}</label>
          <select id="provider" value={provider} onChange={(e) => setProvider(e.target.value as ProviderId)}>
            {PROVIDER_IDS.map((id) => (
              <option key={id} value={id}>
                {t(`provider_${id}`)}
              </option>
            ))}
          </select>
        </div>
        {provider !== 'local' && (
          <TextInput
            id="model"
            label={t('modelLabel')}
            value={model}
            placeholder={sample ? t('modelDefault', { model: sample.model }) : undefined}
            onChange={setModel}
          />
        )}
        {provider !== 'local' && provider !== 'anthropic' && (
          <TextInput
            id="base-url"
            type="url"
            label={t('baseUrlLabel')}
            value={baseUrl}
            error={urlProblem}
            placeholder={
              provider === 'openai-compatible' ? 'http://127.0.0.1:11434/v1' : 'https://api.openai.com/v1'
            }
            onChange={setBaseUrl}
          />
        )}
      </div>
      {apiKey.name && (
        <ApiKeyField apiKey={apiKey} name={apiKey.name} keyOptional={provider === 'openai-compatible'} />
      )}
      <fieldset className="detail">
        <legend>{t('detailLabel')}</legend>
        <p className="hint">
          {t('estimateLabel', { width: String(size.width), height: String(size.height) })}
        </p>
        {provider === 'local' ? (
          <p className="hint">{t('estimateLocal')}</p>
        ) : (
          DETAILS.map((d) => (
            <div key={d} className="radio">
              <input
                type="radio"
                id={`detail-${d}`}
                name="detail"
                value={d}
                checked={detail === d}
                aria-describedby={`detail-${d}-estimate`}
                onChange={() => setDetail(d)}
              />
              <label htmlFor={`detail-${d}`}>{t(`detail_${d}`)}</label>
              <span id={`detail-${d}-estimate`} className="estimate">
                {tokensText(estimates[d])}
              </span>
            </div>
          ))
        )}
      </fieldset>
      {provider !== 'local' && (
        <Check
          id="ground-answers"
          label={t('groundAnswers')}
          hint={t('groundAnswersHint')}
          checked={ground}
          onChange={setGround}
        />
      )}
      <div className="actions">
        <button type="button" onClick={check} disabled={checking}>
          {checking ? t('providerChecking') : t('providerCheck')}
        </button>
        <span className="spacer" />
        <button type="button" className="primary" onClick={save}>
          {t('providerSave')}
        </button>
      </div>
      <Status {...status} />
    </section>
  );
}
