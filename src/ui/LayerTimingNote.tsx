/** What the model panel's ms column means, and its sum beside the status line's inference time. */
import type { LayerTimes } from '../runtime/protocol';
import { useEngine } from './app-context';

export function LayerTimingNote({ times }: { times: LayerTimes }) {
  const inference = useEngine((e) => e.latest?.main?.timings.inferenceMs ?? null);
  const sum = times.ms.reduce((a, b) => a + b, 0);
  return (
    <p className="muted layer-timing-note" data-testid="layer-timing-note">
      <small>
        ms per layer on {times.backend} at {times.size}×{times.size}: the time each layer adds to a pipelined pass (median of 3 runs of
        layers 0..k, minus the same up to k − 1; the last row reads the predictions back, as detection does). Sum:{' '}
        <b data-testid="layer-ms-sum">{sum.toFixed(0)} ms</b>
        {inference !== null && <>, beside the status line&apos;s inference: {inference.toFixed(0)} ms (the last frame, at its own input size)</>}.
      </small>
    </p>
  );
}
