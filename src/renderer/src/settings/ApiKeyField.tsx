import { useEffect, useState } from 'react';
import type { SecretName, SecretsStatus } from '../../../shared/ipc.ts';
import type { ProviderId } from '../../../shared/result.ts';
import { useApi } from '../api.ts';
import { sayError, useI18n } from '../i18n.ts';

const SECRET: Record<Exclude<ProviderId, 'local'>, SecretName> = {
  openai: 'OPENAI_API_KEY',
  anthropic: 'ANTHROPIC_API_KEY',
  'openai-compatible': 'OPENAI_COMPATIBLE_API_KEY',
};

/**
 * The provider's API key: typed into a password field, stored by main in the OS keychain and
 * never shown again, only whether there is one and where it comes from.
 */
export function ApiKeyField({ provider }: { provider: Exclude<ProviderId, 'local'> }) {
  const api = useApi();
  const { t } = useI18n();
  const name = SECRET[provider];
  const [status, setStatus] = useState<SecretsStatus | null>(null);
  // Over the loopback bridge there is no keychain: say where keys are kept instead.
  const [desktopOnly, setDesktopOnly] = useState(false);
  const [value, setValue] = useState('');
  const [said, setSaid] = useState<{ message: string; error?: boolean }>({ message: '' });

  useEffect(() => {
    api.secretsStatus().then(setStatus, () => setDesktopOnly(true));
  }, [api]);

  const store = async (key: string) => {
    try {
      setStatus(await api.secretsSave({ name, value: key }));
      setValue('');
      setSaid({ message: key ? t('keySaved') : t('keyRemoved') });
    } catch (e) {
      setSaid({ message: sayError(t, e), error: true });
    }
  };

  const where = desktopOnly
    ? t('keyDesktopOnly')
    : !status
      ? ''
      : !status.keychain
        ? t('keyNoKeychain', { name })
        : status.stored[name]
          ? t('keyStored')
          : status.fromEnvironment[name]
            ? t('keyFromEnv', { name })
            : provider === 'openai-compatible'
              ? t('keyNotNeeded')
              : t('keyMissing');
  const disabled = desktopOnly || (status !== null && !status.keychain);
  return (
    <div className="control api-key">
      <label htmlFor="api-key">{t('keyLabel')}</label>
      <div className="control-inline">
        <input
          id="api-key"
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={value}
          disabled={disabled}
          placeholder={t('keyPlaceholder')}
          aria-describedby="api-key-where"
          onChange={(e) => setValue(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && value.trim() && void store(value)}
        />
        <button type="button" disabled={disabled || !value.trim()} onClick={() => void store(value)}>
          {t('keySave')}
        </button>
        {status?.stored[name] && (
          <button type="button" className="danger" onClick={() => void store('')}>
            {t('keyRemove')}
          </button>
        )}
      </div>
      <span id="api-key-where" className={said.error ? 'error' : 'hint'} role="status">
        {said.message || where}
      </span>
    </div>
  );
}
