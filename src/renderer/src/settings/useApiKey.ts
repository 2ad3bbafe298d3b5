import { useEffect, useState } from 'react';
import type { SecretName, SecretsStatus } from '../../../shared/ipc.ts';
import type { ProviderId } from '../../../shared/result.ts';
import { useApi } from '../api.ts';
import { sayError, useI18n } from '../i18n.ts';

const SECRET: Record<ProviderId, SecretName | null> = {
  local: null,
  openai: 'OPENAI_API_KEY',
  anthropic: 'ANTHROPIC_API_KEY',
  'openai-compatible': 'OPENAI_COMPATIBLE_API_KEY',
};

type Said = { message: string; error?: boolean };

export interface ApiKey {
  /** The provider's key; null for one that takes none (the offline engine). */
  name: SecretName | null;
  /** The key as typed and not stored yet. */
  typed: string;
  setTyped: (value: string) => void;
  /** What main says about the stored keys; null until it answers. */
  status: SecretsStatus | null;
  /** Over the loopback bridge there is no keychain: the field says where keys are kept instead. */
  desktopOnly: boolean;
  /** What the last store said ('' when nothing was stored since the key was typed). */
  said: Said;
  /** Stores `key` in the keychain ('' removes it): null when stored, else the sentence why not. */
  store: (key: string) => Promise<string | null>;
}

/**
 * The provider's API key: typed, then stored by main in the OS keychain (secrets:save), by the
 * field's own button or by Save provider, so a key pasted and saved is never silently dropped.
 */
export function useApiKey(provider: ProviderId): ApiKey {
  const api = useApi();
  const { t } = useI18n();
  const name = SECRET[provider];
  const [status, setStatus] = useState<SecretsStatus | null>(null);
  const [desktopOnly, setDesktopOnly] = useState(false);
  // Kept with the key it is for: a key typed for one provider is never stored as another's.
  const [entry, setEntry] = useState<{ name: SecretName | null; typed: string; said: Said }>({
    name,
    typed: '',
    said: { message: '' },
  });
  const current = entry.name === name ? entry : { name, typed: '', said: { message: '' } };

  useEffect(() => {
    api.secretsStatus().then(setStatus, () => setDesktopOnly(true));
  }, [api]);

  const store = async (key: string): Promise<string | null> => {
    if (!name) return null;
    try {
      setStatus(await api.secretsSave({ name, value: key }));
      setEntry({ name, typed: '', said: { message: key ? t('keySaved') : t('keyRemoved') } });
      return null;
    } catch (e) {
      const why = sayError(t, e);
      // The key stays typed, so it can be stored once the problem is fixed.
      setEntry({ name, typed: key, said: { message: why, error: true } });
      return why;
    }
  };

  return {
    name,
    typed: current.typed,
    setTyped: (typed) => setEntry({ name, typed, said: { message: '' } }),
    status,
    desktopOnly,
    said: current.said,
    store,
  };
}
