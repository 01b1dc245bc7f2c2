/** Play / pause, previous / next and a slider over the explainer's steps; every one a native control, so the keyboard reaches and works them. */
import { useId } from 'react';
import { EXPLAIN_STEPS } from './steps';

export interface StepControlsProps {
  step: number;
  playing: boolean;
  onStep(step: number): void;
  onPlay(): void;
  onPause(): void;
}

export function StepControls({ step, playing, onStep, onPlay, onPause }: StepControlsProps) {
  const id = useId();
  const last = EXPLAIN_STEPS.length - 1;
  const info = EXPLAIN_STEPS[step] ?? EXPLAIN_STEPS[0]!;
  return (
    <div className="explain-controls" role="group" aria-label="Explainer steps">
      <button type="button" onClick={() => onStep(step - 1)} disabled={step <= 0} aria-label="Previous step">
        ◀
      </button>
      {playing ? (
        <button type="button" onClick={onPause}>
          Pause
        </button>
      ) : (
        <button type="button" onClick={onPlay}>
          Play
        </button>
      )}
      <button type="button" onClick={() => onStep(step + 1)} disabled={step >= last} aria-label="Next step">
        ▶
      </button>
      <label htmlFor={`${id}-step`} className="explain-slider">
        Step{' '}
        <input
          id={`${id}-step`}
          type="range"
          min={0}
          max={last}
          step={1}
          value={step}
          aria-valuetext={`(${info.letter}) ${info.title}`}
          onChange={(e) => onStep(Number(e.target.value))}
        />
      </label>
      <span className="explain-step-title" data-testid="explain-step-title" aria-live="polite">
        ({info.letter}) {info.title}
      </span>
    </div>
  );
}
