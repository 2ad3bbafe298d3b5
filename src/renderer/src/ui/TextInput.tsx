interface Props {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  hint?: string | undefined;
  className?: string;
  type?: 'text' | 'url' | 'search';
  placeholder?: string | undefined;
  inputMode?: 'decimal' | 'text';
}

/** A labelled input whose error is announced and tied to it (aria-invalid + aria-describedby). */
export function TextInput({
  id,
  label,
  value,
  onChange,
  error,
  hint,
  className,
  type = 'text',
  placeholder,
  inputMode,
}: Props) {
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className={`control ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type={type}
        value={value}
        placeholder={placeholder}
        inputMode={inputMode}
        aria-invalid={error ? true : undefined}
        aria-describedby={described || undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {hint && (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      )}
      {error && (
        <span id={`${id}-error`} className="error">
          {error}
        </span>
      )}
    </div>
  );
}
