import { useId } from 'react';
import { useAppStore } from '../../state/store';
import { ShapeDrawing } from './ShapeDrawing';
import { sameShape } from './editor-layout';
import { cellGrid, describePoints } from './shape-layout';
import type { ShapePreset } from './presets';
import { OFFICIAL_N5_SHAPES, presetPoints } from './presets';
import './grid.css';

/**
 * "Official N = 5 shapes": the five initial shapes (a)-(e) of the AKConv
 * repository; choosing one sets the store's customShape and numParam = 5.
 */
/** A preset button's accessible name: its letter, what it looks like, its reported mAP50. */
export function presetName(preset: ShapePreset): string {
  return `Shape ${preset.label}: ${preset.description}, mAP50 ${preset.map50.toFixed(1)}`;
}

export function ShapePresets() {
  const headingId = useId();
  const customShape = useAppStore((s) => s.settings.customShape);
  const update = useAppStore((s) => s.update);
  return (
    <section className="sg-section" aria-labelledby={headingId}>
      <h3 id={headingId}>Official N = 5 shapes</h3>
      <p>
        The AKConv authors tried five initial shapes for N = 5 (<code>initial sampled shapes/get_p_n.py</code> in their repository,
        CV-ZhangXin/LDConv). Choose one to use it as p_n (this sets N = 5). mAP50 is the repository&apos;s YOLOv5n result on
        VisDrone for that shape.
      </p>
      <ul className="sg-presets">
        {OFFICIAL_N5_SHAPES.map((preset) => {
          const points = presetPoints(preset);
          const active = sameShape(customShape, points);
          const grid = cellGrid(points, { cell: 16, pad: 3, minRows: 5, minCols: 5 });
          return (
            <li key={preset.id}>
              <button
                type="button"
                className="sg-preset"
                aria-pressed={active}
                // The drawing's digits would otherwise lead the name; the shape's name is what a screen reader needs.
                aria-label={presetName(preset)}
                title={`${preset.source}: ${describePoints(points)}`}
                onClick={() => update({ customShape: points, numParam: points.length })}
              >
                <ShapeDrawing grid={grid} title={`Shape ${preset.label}: ${describePoints(points)}`} decorative />
                <span className="sg-preset-name">
                  {preset.label} {preset.description}
                </span>
                <span className="sg-muted">mAP50 {preset.map50.toFixed(1)}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
