import { useId } from 'react';
import { BaseGridView } from './BaseGridView';
import { InitialShapeView } from './InitialShapeView';
import { ParamsChart } from './ParamsChart';
import { PublishedResults } from './PublishedResults';
import { ShapeEditor } from './ShapeEditor';
import { ShapePresets } from './ShapePresets';
import './grid.css';

/** The "AKConv's sampling grid" panel: p_n, the official N = 5 shapes, the shape editor, p_0 and the parameter chart. */
export function SamplingGridPanel() {
  const headingId = useId();
  return (
    <section className="sampling-grid" aria-labelledby={headingId}>
      <h2 id={headingId}>AKConv&apos;s sampling grid</h2>
      <p className="sg-lead">
        For every output pixel AKConv reads N samples at p = p_0 + p_n + offset: p_0 is where the pixel starts, p_n is the initial
        shape, and the offsets are learned by a 3×3 conv. The samples are then mixed by a conv over the N stacked rows.
      </p>
      <InitialShapeView />
      <ShapePresets />
      <ShapeEditor />
      <BaseGridView />
      <ParamsChart />
      <PublishedResults />
    </section>
  );
}
