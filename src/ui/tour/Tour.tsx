/**
 * The guided tour: a small non-modal dialog that walks through a few parts
 * of the page, outlining each and scrolling it into view. Keyboard: focus
 * moves to the dialog's Next button on each step; Enter / Space press it,
 * Tab reaches Back and Skip, Esc skips from anywhere on the page. Closing
 * gives focus back to where it was (e.g. the "Take the tour" link).
 */
import { useEffect, useId, useRef, useState } from 'react';
import { presentSteps, TOUR_STEPS, type TourStep } from './tour-steps';
import { useTour } from './tour-state';
import './tour.css';

const TARGET_CLASS = 'tour-target';

export function Tour() {
  const open = useTour((s) => s.open);
  return open ? <TourDialog /> : null;
}

function TourDialog() {
  const close = useTour((s) => s.close);
  const titleId = useId();
  const textId = useId();
  const next = useRef<HTMLButtonElement>(null);
  const [steps] = useState<TourStep[]>(() => presentSteps(TOUR_STEPS, (selector) => document.querySelector(selector) !== null));
  const [index, setIndex] = useState(0);
  const step = steps[index];

  // Focus returns where it came from when the tour closes.
  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    return () => before?.focus();
  }, []);

  // Esc skips the tour wherever focus is.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') close();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [close]);

  // Outline the step's element, bring it into view and put focus on Next.
  useEffect(() => {
    const target = step ? document.querySelector(step.anchor) : null;
    target?.classList.add(TARGET_CLASS);
    next.current?.focus({ preventScroll: true });
    if (target) bringIntoView(target);
    return () => target?.classList.remove(TARGET_CLASS);
  }, [step]);

  if (!step) {
    // Nothing to point at (every panel closed): there is no tour to give.
    return null;
  }
  const last = index === steps.length - 1;
  return (
    <div className="tour" role="dialog" aria-modal="false" aria-labelledby={titleId} aria-describedby={textId} data-testid="tour">
      <p className="tour-count muted">
        Tour, step {index + 1} of {steps.length}
      </p>
      <h2 id={titleId}>{step.title}</h2>
      <p id={textId}>{step.text}</p>
      <div className="tour-buttons">
        <button type="button" onClick={close} data-testid="tour-skip">
          Skip tour
        </button>
        <span className="tour-spacer" />
        {index > 0 && (
          <button type="button" onClick={() => setIndex(index - 1)}>
            Back
          </button>
        )}
        <button ref={next} type="button" className="tour-next" onClick={() => (last ? close() : setIndex(index + 1))} data-testid="tour-next">
          {last ? 'Done' : 'Next'}
        </button>
      </div>
    </div>
  );
}

/**
 * Scrolls `el`'s top to the top of the window (below the sticky status line:
 * see tour.css) unless it is in the upper half already, where the card in
 * the bottom corner leaves it readable (panels still loading grow downwards).
 */
function bringIntoView(el: Element): void {
  const { top } = el.getBoundingClientRect();
  if (top >= 0 && top <= window.innerHeight / 2) return;
  el.scrollIntoView({ block: 'start' });
}

/** The link that starts the tour again. */
export function TourLink() {
  const start = useTour((s) => s.start);
  return (
    <button type="button" className="link-button" onClick={start} data-testid="tour-start">
      Take the tour
    </button>
  );
}
