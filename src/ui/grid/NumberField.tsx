import { useId, useState } from 'react';
import { parseBoundedInt } from './number-input';
import './grid.css';

export interface NumberFieldProps {
  /** Visible label of the number box (the slider gets the same name). */
  label: string;
  value: number;
  min: number;
  max: number;
  onChange(value: number): void;
}

/**
 * A whole number from min to max: a number box and a slider that move
 * together. A value typed outside the range is flagged and not applied; the
 * box shows the stored value again when it loses focus.
 */
export function NumberField({ label, value, min, max, onChange }: NumberFieldProps) {
  const id = useId();
  const errorId = `${id}-error`;
  const [draft, setDraft] = useState<string | null>(null);
  const text = draft ?? String(value);
  const invalid = draft !== null && parseBoundedInt(draft, min, max) === null;
  return (
    <div className="sg-number">
      <label htmlFor={id}>{label}</label>
      <div className="sg-number-inputs">
        <input
          id={id}
          className="sg-number-box"
          type="number"
          inputMode="numeric"
          min={min}
          max={max}
          step={1}
          value={text}
          aria-invalid={invalid || undefined}
          aria-describedby={invalid ? errorId : undefined}
          onChange={(e) => {
            const t = e.target.value;
            setDraft(t);
            const v = parseBoundedInt(t, min, max);
            if (v !== null && v !== value) onChange(v);
          }}
          onBlur={() => setDraft(null)}
        />
        <input
          className="sg-number-slider"
          type="range"
          min={min}
          max={max}
          step={1}
          value={value}
          aria-label={label}
          onChange={(e) => {
            setDraft(null);
            onChange(Number(e.target.value));
          }}
        />
      </div>
      {invalid && (
        <span id={errorId} className="sg-error" role="alert">
          Enter a whole number from {min} to {max}.
        </span>
      )}
    </div>
  );
}
