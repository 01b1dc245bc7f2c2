import { useId, useState } from 'react';
import { settingsGesture } from '../../state/gesture';
import type { NumberBoxState } from './number-input';
import { boxMessage, commitText, IDLE_BOX, shownText, typeText } from './number-input';
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
 * together. Text that is not a whole number in range is not applied, and
 * the field says why, while typing and after Enter or leaving the box. A
 * drag of the slider is one settings gesture (one history entry).
 */
export function NumberField({ label, value, min, max, onChange }: NumberFieldProps) {
  const id = useId();
  const messageId = `${id}-message`;
  const [box, setBox] = useState<NumberBoxState>(IDLE_BOX);
  const bounds = { min, max };
  const message = boxMessage(box, value, bounds);
  const commit = (): void => setBox((b) => commitText(b, value, bounds, label));
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
          value={shownText(box, value)}
          aria-invalid={message !== null || undefined}
          aria-describedby={message !== null ? messageId : undefined}
          onChange={(e) => {
            const typed = typeText(e.target.value, value, bounds);
            setBox(typed.state);
            if (typed.apply !== null) onChange(typed.apply);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commit();
          }}
          onBlur={commit}
        />
        <input
          className="sg-number-slider"
          type="range"
          min={min}
          max={max}
          step={1}
          value={value}
          aria-label={label}
          onPointerDown={beginPointerGesture}
          // A held arrow key repeats keydown: the whole hold is one gesture.
          onKeyDown={() => settingsGesture.begin()}
          onKeyUp={() => settingsGesture.end()}
          onBlur={() => settingsGesture.end()}
          onChange={(e) => {
            setBox(IDLE_BOX);
            onChange(Number(e.target.value));
          }}
        />
      </div>
      {message !== null && (
        <span id={messageId} className="sg-error" role="alert">
          {message}
        </span>
      )}
    </div>
  );
}

/** A slider drag: the gesture ends when the pointer is released anywhere on the page. */
function beginPointerGesture(): void {
  settingsGesture.begin();
  const end = (): void => {
    window.removeEventListener('pointerup', end);
    window.removeEventListener('pointercancel', end);
    settingsGesture.end();
  };
  window.addEventListener('pointerup', end);
  window.addEventListener('pointercancel', end);
}
