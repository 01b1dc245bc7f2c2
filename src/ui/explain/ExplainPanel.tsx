/**
 * "How AKConv computes one output pixel": the selected output pixel of the
 * offsets panel's AKConv (`settings.layer`, `settings.pixel`; the middle one
 * when none is selected), followed from p₀ to the layer's output vector in
 * seven steps. Every number comes from the engine's trace of the current
 * frame (`EngineSnapshot.explain`), computed from that frame's own forward
 * pass; the step lives in the store (and the URL, `step=`).
 */
import type { ReactNode } from 'react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { LIMITS } from '../../state/settings';
import { useAppStore } from '../../state/store';
import { useEngine } from '../app-context';
import { NoImageYet } from '../offsets/NoImageYet';
import { ExplainMap } from './ExplainMap';
import { StepControls } from './StepControls';
import { StepNumbers } from './StepNumbers';
import { PLAY_STEP_MS } from './steps';
import './explain.css';

function Section({ children }: { children: ReactNode }) {
  return (
    <section className="panel explain-panel" aria-labelledby="explain-heading">
      <h2 id="explain-heading">How AKConv computes one output pixel</h2>
      {children}
    </section>
  );
}

const clampStep = (s: number) => Math.min(LIMITS.explainStep.max, Math.max(LIMITS.explainStep.min, Math.round(s)));

function setStep(step: number): void {
  const { settings, update } = useAppStore.getState();
  const next = clampStep(step);
  if (next !== settings.explainStep) update({ explainStep: next });
}

/** Play advances one step every PLAY_STEP_MS and stops at the last; a timer the Play button starts, not an effect. */
function usePlayback(): { playing: boolean; play(): void; pause(): void } {
  const timer = useRef<ReturnType<typeof setInterval> | null>(null);
  const [playing, setPlaying] = useState(false);
  const pause = useCallback(() => {
    if (timer.current) clearInterval(timer.current);
    timer.current = null;
    setPlaying(false);
  }, []);
  const play = useCallback(() => {
    pause();
    if (useAppStore.getState().settings.explainStep >= LIMITS.explainStep.max) setStep(0);
    setPlaying(true);
    timer.current = setInterval(() => {
      const step = useAppStore.getState().settings.explainStep;
      if (step >= LIMITS.explainStep.max) pause();
      else setStep(step + 1);
    }, PLAY_STEP_MS);
  }, [pause]);
  useEffect(() => pause, [pause]);
  return { playing, play, pause };
}

export function ExplainPanel() {
  const step = clampStep(useAppStore((s) => s.settings.explainStep));
  const model = useEngine((e) => e.main);
  const hasFrame = useEngine((e) => !!e.latest);
  const explain = useEngine((e) => e.explain ?? null);
  // The capture shares the offsets panel's: when it failed, the frame was detected without it.
  const captureError = useEngine((e) => e.latest?.fieldError ?? null);
  const { playing, play, pause } = usePlayback();
  const manual = (s: number) => {
    pause();
    setStep(s);
  };

  if (!model) return <Section><p className="muted explain-empty">No model loaded yet.</p></Section>;
  if (!model.sites.length) {
    return (
      <Section>
        <p className="muted explain-empty">This model has no AKConv layers (it is a plain YOLOv5): choose a C3_AKConv model to follow one of its output pixels.</p>
      </Section>
    );
  }
  if (!hasFrame) return <Section><NoImageYet /></Section>;
  const trace = explain?.trace ?? null;
  return (
    <Section>
      <p className="muted">
        {trace
          ? `${trace.site} (layer ${trace.layerIndex}), output pixel (${trace.pixel[0]}, ${trace.pixel[1]}) on the current frame, grid ${trace.convention}. Select another pixel in the Learned offsets panel.`
          : explain?.error || captureError ? '' : 'Tracing the selected pixel on the current frame…'}
      </p>
      {(explain?.error ?? captureError) && (
        <p className="explain-error" role="alert">
          Could not trace this pixel: {explain?.error ?? captureError}
        </p>
      )}
      <StepControls step={step} playing={playing} onStep={manual} onPlay={play} onPause={pause} />
      {trace && (
        <div className="explain-body">
          <ExplainMap trace={trace} step={step} />
          <div className="explain-numbers">
            <StepNumbers trace={trace} step={step} />
          </div>
        </div>
      )}
    </Section>
  );
}
