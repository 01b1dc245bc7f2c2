/**
 * A/B: both models' detection lists with their latencies, and what differs
 * (boxes only one model found; pairs matched by class and IoU >= 0.5).
 */
import { AB_MATCH_IOU, diffDetections } from '../../detect/ab-diff';
import type { FrameDetections } from '../../runtime/protocol';
import { DetectionList } from './DetectionList';

const latency = (r: FrameDetections | null) => (r ? `${(r.timings.preprocessMs + r.timings.inferenceMs + r.timings.postprocessMs).toFixed(0)} ms (inference ${r.timings.inferenceMs.toFixed(0)} ms)` : '—');

function ModelColumn({ side, label, result }: { side: 'A' | 'B'; label: string; result: FrameDetections | null }) {
  return (
    <div data-testid={`ab-list-${side.toLowerCase()}`}>
      <h3>{side}: {label}</h3>
      <p className="muted">Latency: <span data-testid={`ab-latency-${side.toLowerCase()}`}>{latency(result)}</span></p>
      <DetectionList result={result} label={`Detections of model ${side}`} />
    </div>
  );
}

/** Class names of the given detections, counted ("person ×2, dog"). */
function namesOf(result: FrameDetections, indices: number[]): string {
  const counts = new Map<string, number>();
  for (const i of indices) {
    const name = result.detections[i]?.label ?? '?';
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts].map(([n, c]) => (c > 1 ? `${n} ×${c}` : n)).join(', ');
}

function Diff({ a, b }: { a: FrameDetections; b: FrameDetections }) {
  const d = diffDetections(a.detections, b.detections);
  return (
    <p data-testid="ab-diff">
      Both found {d.matched.length} (same class, IoU ≥ {AB_MATCH_IOU}); only A: {d.onlyA.length}
      {d.onlyA.length ? ` (${namesOf(a, d.onlyA)})` : ''}; only B: {d.onlyB.length}
      {d.onlyB.length ? ` (${namesOf(b, d.onlyB)})` : ''}.
    </p>
  );
}

export function AbComparison({ labelA, labelB, a, b }: { labelA: string; labelB: string; a: FrameDetections | null; b: FrameDetections | null }) {
  return (
    <div className="ab-comparison">
      {a && b && <Diff a={a} b={b} />}
      {/* Two columns at any width the panel has; a phone stacks the lists' items in each. */}
      <div className="ab-lists" style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: '0.5rem' }}>
        <ModelColumn side="A" label={labelA} result={a} />
        <ModelColumn side="B" label={labelB} result={b} />
      </div>
    </div>
  );
}
