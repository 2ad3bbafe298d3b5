import type { SecretName } from '../../../shared/ipc.ts';
import { useI18n } from '../i18n.ts';
import type { ApiKey } from './useApiKey.ts';

/**
 * The provider's API key: typed into a password field, stored by main in the OS keychain and
 * never shown again, only whether there is one and where it comes from.
 */
export function ApiKeyField({
  apiKey,
  name,
  keyOptional,
}: {
  apiKey: ApiKey;
  name: SecretName;
  /** A server on this machine usually takes no key: its absence is no problem. */
  keyOptional: boolean;
}) {
  const { t } = useI18n();
  const { typed, status, desktopOnly, said } = apiKey;
  const where = desktopOnly
    ? t('keyDesktopOnly')
    : !status
      ? ''
      : !status.keychain
        ? t('keyNoKeychain', { name })
        : typed.trim()
          ? t('keyTyped')
          : status.stored[name]
            ? t('keyStored')
            : status.fromEnvironment[name]
              ? t('keyFromEnv', { name })
              : keyOptional
                ? t('keyNotNeeded')
                : t('keyMissing');
  const disabled = desktopOnly || (status !== null && !status.keychain);
  const store = () => void apiKey.store(typed.trim());
  return (
    <div className="control api-key">
      <label htmlFor="api-key">{t('keyLabel')}</label>
      <div className="control-inline">
        <input
          id="api-key"
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={typed}
          disabled={disabled}
          placeholder={t('keyPlaceholder')}
          aria-describedby="api-key-where"
          onChange={(e) => apiKey.setTyped(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && typed.trim() && store()}
        />
        <button type="button" disabled={disabled || !typed.trim()} onClick={store}>
          {t('keySave')}
        </button>
        {status?.stored[name] && (
          <button type="button" className="danger" onClick={() => void apiKey.store('')}>
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
