import { useEffect, useState } from 'react';
import { useApi } from '../api.ts';
import { sayError, useI18n } from '../i18n.ts';
import { fromDraft, type ProfileDraft } from './draft.ts';

/** The JSON Schema that will be sent for structured output, as main generates it. */
export function SchemaPanel({ draft, valid }: { draft: ProfileDraft; valid: boolean }) {
  const api = useApi();
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [schema, setSchema] = useState<string>('');

  useEffect(() => {
    if (!open || !valid) return;
    let live = true;
    // Typing changes the draft on every key: ask once the person pauses.
    const timer = setTimeout(() => {
      api.schemaPreview({ fields: fromDraft(draft).fields }).then(
        (s) => live && setSchema(JSON.stringify(s, null, 2)),
        (e: unknown) => live && setSchema(sayError(t, e)),
      );
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, draft, open, valid]);

  return (
    <section className="schema" aria-label={t('schemaTitle')}>
      <button type="button" aria-expanded={open} aria-controls="schema-body" onClick={() => setOpen(!open)}>
        {open ? t('schemaHide') : t('schemaShow')}
      </button>
      {open && (
        <div id="schema-body">
          {valid ? (
            <pre className="code" tabIndex={0} aria-label={t('schemaTitle')}>
              {schema}
            </pre>
          ) : (
            <p className="hint">{t('schemaInvalid')}</p>
          )}
        </div>
      )}
    </section>
  );
}
