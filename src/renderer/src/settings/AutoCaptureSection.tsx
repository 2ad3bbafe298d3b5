import { useI18n } from '../i18n.ts';
import { useState } from 'react';
import { Check } from '../ui/Check.tsx';
import { TextInput } from '../ui/TextInput.tsx';
import { Status } from '../ui/Status.tsx';
import { SaveBar } from './SaveBar.tsx';
import { useSection } from './useSection.ts';

/** A number field's text, or undefined when empty (no cap); NaN when it is not a number. */
function optionalNumber(text: string): number | undefined {
  return text.trim() === '' ? undefined : Number(text.replace(',', '.'));
}

/** Capture on an interval or when the screen changes, with the caps that keep it cheap. */
export function AutoCaptureSection() {
  const { t } = useI18n();
  const { draft, setDraft, save, status, dirty } = useSection('auto');
  if (!draft) return null;
  const intervalBad = !(draft.intervalSeconds > 0);
  const thresholdBad = !(draft.threshold >= 0 && draft.threshold < 1);
  const perHourBad =
    draft.maxPerHour !== undefined && !(Number.isInteger(draft.maxPerHour) && draft.maxPerHour > 0);
  const costBad = draft.maxCostPerDayUsd !== undefined && !(draft.maxCostPerDayUsd > 0);
  const invalid = intervalBad || thresholdBad || perHourBad || costBad;
  const cap = (key: 'maxPerHour' | 'maxCostPerDayUsd', text: string) => {
    const value = optionalNumber(text);
    const next = { ...draft };
    if (value === undefined) delete next[key];
    else next[key] = value;
    setDraft(next);
  };
  return (
    <section className="card" aria-labelledby="auto-title">
      <h2 id="auto-title">{t('autoTitle')}</h2>
      <Check
        id="auto-enabled"
        label={t('autoEnabled')}
        hint={t('autoHint')}
        checked={draft.enabled}
        onChange={(enabled) => setDraft({ ...draft, enabled })}
      />
      <fieldset className="detail">
        <legend>{t('autoMode')}</legend>
        {(['change', 'interval'] as const).map((mode) => (
          <div key={mode} className="radio">
            <input
              type="radio"
              id={`auto-mode-${mode}`}
              name="auto-mode"
              checked={draft.mode === mode}
              onChange={() => setDraft({ ...draft, mode })}
            />
            <label htmlFor={`auto-mode-${mode}`}>{t(`autoMode_${mode}`)}</label>
          </div>
        ))}
      </fieldset>
      <div className="grid-4">
        <NumberInput
          id="auto-interval"
          label={t('autoInterval')}
          value={draft.intervalSeconds}
          hint={draft.mode === 'change' ? t('autoIntervalChangeHint') : undefined}
          error={intervalBad ? t('problemPositive') : undefined}
          onChange={(text) => setDraft({ ...draft, intervalSeconds: optionalNumber(text) ?? Number.NaN })}
        />
        {draft.mode === 'change' && (
          <NumberInput
            id="auto-threshold"
            label={t('autoThreshold')}
            value={Math.round(draft.threshold * 10000) / 100}
            error={thresholdBad ? t('problemPercent') : undefined}
            onChange={(text) => setDraft({ ...draft, threshold: (optionalNumber(text) ?? Number.NaN) / 100 })}
          />
        )}
        <NumberInput
          id="auto-per-hour"
          label={t('autoMaxPerHour')}
          value={draft.maxPerHour}
          placeholder={t('autoNoLimit')}
          error={perHourBad ? t('problemPositive') : undefined}
          onChange={(text) => cap('maxPerHour', text)}
        />
        <NumberInput
          id="auto-cost"
          label={t('autoMaxCost')}
          value={draft.maxCostPerDayUsd}
          placeholder={t('autoNoLimit')}
          error={costBad ? t('problemPositive') : undefined}
          onChange={(text) => cap('maxCostPerDayUsd', text)}
        />
      </div>
      <div className="stack">
        <Check
          id="auto-again"
          label={t('autoAgain')}
          checked={draft.allowDuplicates}
          onChange={(allowDuplicates) => setDraft({ ...draft, allowDuplicates })}
        />
      </div>
      <SaveBar label={t('autoSave')} disabled={invalid || !dirty} onSave={() => save()} />
      <Status {...status} />
    </section>
  );
}

/** A number typed as text (kept as typed, so "0," stays while typing); empty means none. */
function NumberInput({
  value,
  onChange,
  ...rest
}: {
  id: string;
  label: string;
  value: number | undefined;
  onChange: (text: string) => void;
  error?: string | undefined;
  hint?: string | undefined;
  placeholder?: string | undefined;
}) {
  const [text, setText] = useState(value === undefined || Number.isNaN(value) ? '' : String(value));
  return (
    <TextInput
      {...rest}
      value={text}
      inputMode="decimal"
      onChange={(next) => {
        setText(next);
        onChange(next);
      }}
    />
  );
}
