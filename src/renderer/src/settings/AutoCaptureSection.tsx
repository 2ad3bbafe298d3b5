import { useI18n } from '../i18n.ts';
import { useEffect, useState } from 'react';
import { Check } from '../ui/Check.tsx';
import { TextInput } from '../ui/TextInput.tsx';
import type { Settings } from '../../../shared/settings.ts';
import { SectionStatus } from './SectionStatus.tsx';
import { useSection } from './useSection.ts';

/** A number field's text, or undefined when empty (no cap); NaN when it is not a number. */
function optionalNumber(text: string): number | undefined {
  return text.trim() === '' ? undefined : Number(text.replace(',', '.'));
}

/** Which of the numbers are wrong (each shows its message; none is saved while one is). */
function problems(draft: Settings['auto']) {
  return {
    intervalBad: !(draft.intervalSeconds > 0),
    thresholdBad: !(draft.threshold >= 0 && draft.threshold < 1),
    perHourBad:
      draft.maxPerHour !== undefined && !(Number.isInteger(draft.maxPerHour) && draft.maxPerHour > 0),
    costBad: draft.maxCostPerDayUsd !== undefined && !(draft.maxCostPerDayUsd > 0),
  };
}

const valid = (draft: Settings['auto']) => !Object.values(problems(draft)).some(Boolean);

/** Capture on an interval or when the screen changes, with the caps that keep it cheap. */
export function AutoCaptureSection({ initial }: { initial: Settings['auto'] }) {
  const { t } = useI18n();
  const { draft, setDraft, status, undo } = useSection('auto', initial, { valid });
  const { intervalBad, thresholdBad, perHourBad, costBad } = problems(draft);
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
      <SectionStatus status={status} undo={undo} />
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
  const shown = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '' : String(v));
  const [text, setText] = useState(shown(value));
  // A value changed from outside (Undo) replaces the text; one typed here keeps its spelling.
  useEffect(() => {
    setText((typed) => {
      const meant = optionalNumber(typed);
      const same = meant === value || (Number.isNaN(meant) && Number.isNaN(value));
      return same ? typed : shown(value);
    });
  }, [value]);
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
