import { useState } from 'react';
import { REDACTION_KINDS, type Settings } from '../../../shared/settings.ts';
import { useApi } from '../api.ts';
import { sayError, useI18n } from '../i18n.ts';
import { Confirm } from '../ui/Confirm.tsx';
import { Check } from '../ui/Check.tsx';
import { Status } from '../ui/Status.tsx';
import { SectionStatus } from './SectionStatus.tsx';
import { useSection } from './useSection.ts';

const lines = (text: string) => text.split('\n').map((l) => l.trim());

/** The first pattern line that is no regular expression (1-based), or 0. */
function badPattern(patterns: readonly string[]): number {
  const index = patterns.findIndex((p) => {
    try {
      new RegExp(p, 'u');
      return false;
    } catch {
      return true;
    }
  });
  return index + 1;
}

/** Local-only, excluded windows, redaction before cloud calls, and the data on this machine. */
export function PrivacySection({
  initial,
  home,
}: {
  initial: Settings['privacy'];
  /** The data folder, said under "Data"; null when main could not say. */
  home: string | null;
}) {
  const api = useApi();
  const { t } = useI18n();
  const section = useSection('privacy', initial, { valid: (d) => badPattern(d.redact.patterns) === 0 });
  const { draft, setDraft, status } = section;
  // What the data buttons did, said under them (the settings' own status is above).
  const [dataStatus, setDataStatus] = useState<{ message: string; error?: boolean }>({ message: '' });
  // The text areas keep what is typed, blank lines included; the settings get the trimmed lines.
  const [excluded, setExcluded] = useState<string | null>(null);
  const [patterns, setPatterns] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const excludedText = excluded ?? draft.excludedWindows.join('\n');
  const patternsText = patterns ?? draft.redact.patterns.join('\n');
  const bad = badPattern(lines(patternsText).filter(Boolean));
  const redact = draft.redact;

  const fail = (e: unknown) => setDataStatus({ message: sayError(t, e), error: true });
  return (
    <section className="card" aria-labelledby="privacy-title">
      <h2 id="privacy-title">{t('privacyTitle')}</h2>
      <div className="stack">
        <Check
          id="local-only"
          label={t('localOnly')}
          hint={t('localOnlyHint')}
          checked={draft.localOnly}
          onChange={(localOnly) => setDraft({ ...draft, localOnly })}
        />
        <Check
          id="preview-before-send"
          label={t('previewToggle')}
          hint={t('previewToggleHint')}
          checked={draft.previewBeforeSend}
          onChange={(previewBeforeSend) => setDraft({ ...draft, previewBeforeSend })}
        />
        <div className="control">
          <label htmlFor="excluded">{t('excludedLabel')}</label>
          <textarea
            id="excluded"
            rows={3}
            value={excludedText}
            aria-describedby="excluded-hint"
            onChange={(e) => {
              setExcluded(e.target.value);
              setDraft({ ...draft, excludedWindows: lines(e.target.value).filter(Boolean) });
            }}
          />
          <span id="excluded-hint" className="hint">
            {t('excludedHint')}
          </span>
        </div>
        <Check
          id="redact"
          label={t('redactEnabled')}
          hint={t('redactHint')}
          checked={redact.enabled}
          onChange={(enabled) => setDraft({ ...draft, redact: { ...redact, enabled } })}
        />
        <fieldset className="detail redact-kinds" disabled={!redact.enabled}>
          <legend className="visually-hidden">{t('redactEnabled')}</legend>
          {REDACTION_KINDS.map((kind) => (
            <Check
              key={kind}
              id={`redact-${kind}`}
              label={t(`redact_${kind}`)}
              checked={redact.kinds.includes(kind)}
              onChange={(on) =>
                setDraft({
                  ...draft,
                  redact: {
                    ...redact,
                    kinds: on ? [...redact.kinds, kind] : redact.kinds.filter((k) => k !== kind),
                  },
                })
              }
            />
          ))}
        </fieldset>
        <div className="control">
          <label htmlFor="redact-patterns">{t('redactPatterns')}</label>
          <textarea
            id="redact-patterns"
            className="code-input"
            rows={2}
            value={patternsText}
            disabled={!redact.enabled}
            aria-invalid={bad ? true : undefined}
            aria-describedby={bad ? 'redact-patterns-error' : undefined}
            onChange={(e) => {
              setPatterns(e.target.value);
              setDraft({ ...draft, redact: { ...redact, patterns: lines(e.target.value).filter(Boolean) } });
            }}
          />
          {bad > 0 && (
            <span id="redact-patterns-error" className="error">
              {t('redactPatternBad', { n: bad })}
            </span>
          )}
        </div>
      </div>
      <SectionStatus
        status={status}
        undo={
          section.undo &&
          (async () => {
            // The text areas show the settings again, not what was typed before.
            setExcluded(null);
            setPatterns(null);
            await section.undo?.();
          })
        }
      />
      <h3>{t('dataTitle')}</h3>
      {home && <p className="hint">{t('dataFolder', { path: home })}</p>}
      {confirming && (
        <Confirm
          message={t('dataDeleteConfirm')}
          onCancel={() => setConfirming(false)}
          onConfirm={async () => {
            setConfirming(false);
            try {
              const { deleted } = await api.dataDeleteAll({ confirm: true });
              setDataStatus({ message: t('dataDeleted', { count: deleted }) });
            } catch (e) {
              fail(e);
            }
          }}
        />
      )}
      <div className="actions">
        <button type="button" onClick={() => api.appOpenFolder({ folder: 'data' }).catch(fail)}>
          {t('dataOpen')}
        </button>
        <button type="button" className="danger" onClick={() => setConfirming(true)}>
          {t('dataDeleteAll')}
        </button>
      </div>
      <Status {...dataStatus} />
    </section>
  );
}
