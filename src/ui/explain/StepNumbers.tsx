/** The model's own numbers for one step of the explainer, from the engine's trace of the current frame. */
import type { ExplainSample, ExplainTrace } from '../../detect/akconv-explain';
import { cell, firstValues, num } from './format';
import { Sparkline } from './Sparkline';

export function StepNumbers({ trace, step }: { trace: ExplainTrace; step: number }) {
  switch (step) {
    case 0:
      return <BaseStep trace={trace} />;
    case 1:
      return <ShapeStep trace={trace} />;
    case 2:
      return <OffsetStep trace={trace} />;
    case 3:
      return <PositionStep trace={trace} />;
    case 4:
      return <CornerStep trace={trace} />;
    case 5:
      return <StackStep trace={trace} />;
    default:
      return <MixStep trace={trace} />;
  }
}

function BaseStep({ trace }: { trace: ExplainTrace }) {
  const [r, c] = trace.pixel;
  return (
    <p>
      Output pixel ({r}, {c}) of the {trace.out.h} × {trace.out.w} output, stride {trace.stride}. In the <strong>{trace.convention}</strong> convention its base
      position is p₀ = <strong data-testid="explain-base">{cell(trace.base, 0)}</strong> (row, column) on the {trace.map.h} × {trace.map.w} input map (red dot). The{' '}
      {trace.otherConvention} convention would put it at {cell(trace.otherBase, 0)} (ring)
      {trace.otherConvention === 'xy' ? ': the seed’s meshgrid transposes or scrambles the grid.' : ': (r·stride, c·stride).'}
    </p>
  );
}

function ShapeStep({ trace }: { trace: ExplainTrace }) {
  return (
    <table className="explain-table">
      <caption>Initial shape pₙ ({trace.convention} order) added to p₀</caption>
      <thead>
        <tr>
          <th scope="col">n</th>
          <th scope="col">pₙ</th>
          <th scope="col">p₀ + pₙ</th>
        </tr>
      </thead>
      <tbody>
        {trace.samples.map((s) => (
          <tr key={s.index}>
            <td>{s.index}</td>
            <td>{cell(s.shape, 0)}</td>
            <td>{cell(s.initial, 0)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function OffsetStep({ trace }: { trace: ExplainTrace }) {
  const n = trace.samples.length;
  const [kh, kw] = trace.window.size;
  return (
    <>
      <p>
        p_conv reads the {kh}×{kw} window at rows {trace.window.top}–{trace.window.top + kh - 1}, columns {trace.window.left}–{trace.window.left + kw - 1} of all{' '}
        {trace.channelsIn} input channels (zero padding outside the map) and gives 2N = {2 * n} numbers: channel n is sample n&apos;s row offset, channel N + n its column
        offset.
      </p>
      <table className="explain-window" aria-label="Mean over channels of each window cell">
        <tbody>
          {Array.from({ length: kh }, (_, i) => (
            <tr key={i}>
              {trace.windowMeans.slice(i * kw, (i + 1) * kw).map((v, j) => (
                <td key={j}>{v === null ? 'pad' : num(v, 2)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <table className="explain-table">
        <caption>The {2 * n} offsets at this pixel</caption>
        <thead>
          <tr>
            <th scope="col">n</th>
            <th scope="col">row offset (ch n)</th>
            <th scope="col">column offset (ch N + n)</th>
          </tr>
        </thead>
        <tbody>
          {trace.samples.map((s) => (
            <tr key={s.index}>
              <td>{s.index}</td>
              <td data-testid="explain-offset-row">{num(s.offset.row, 4)}</td>
              <td>{num(s.offset.col, 4)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function clampNote(s: ExplainSample, trace: ExplainTrace): string | null {
  const axes = [s.border.row ? `row (reads row ${s.clamped.row})` : null, s.border.col ? `column (reads column ${s.clamped.col})` : null].filter(Boolean);
  if (!axes.length) return null;
  const where = s.outside.row || s.outside.col ? `outside the ${trace.map.h} × ${trace.map.w} map` : 'on the map’s last row or column';
  return `Sample ${s.index} is ${where}: clamped, border read with weight 2 per clamped axis: ${axes.join(', ')}.`;
}

function PositionStep({ trace }: { trace: ExplainTrace }) {
  const clamped = trace.samples.filter((s) => s.border.row || s.border.col).length;
  return (
    <>
      <table className="explain-table">
        <caption>Sampling positions (row, column) in input cells</caption>
        <thead>
          <tr>
            <th scope="col">n</th>
            <th scope="col">p₀ + pₙ</th>
            <th scope="col">+ offset</th>
            <th scope="col">= p</th>
            <th scope="col">clamped</th>
          </tr>
        </thead>
        <tbody>
          {trace.samples.map((s) => (
            <tr key={s.index} className={s.border.row || s.border.col ? 'explain-clamped' : undefined}>
              <td>{s.index}</td>
              <td>{cell(s.initial, 0)}</td>
              <td>{cell(s.offset, 3)}</td>
              <td>{cell(s.position, 3)}</td>
              <td>{cell(s.clamped, 3)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ul className="explain-notes">
        {trace.samples.map((s) => {
          const note = clampNote(s, trace);
          return note ? (
            <li key={s.index} data-testid="explain-clamp">
              {note}
            </li>
          ) : null;
        })}
      </ul>
      <p className="muted">
        {clamped
          ? `${clamped} of ${trace.samples.length} samples are clamped: the seed pads nothing, it clamps p into the map and reads the border cell with weight up to 2 per clamped axis.`
          : 'No sample of this pixel is clamped: every p lies inside the map.'}
      </p>
    </>
  );
}

function CornerStep({ trace }: { trace: ExplainTrace }) {
  // Corner rows and columns from ⌊p⌋ before clamping, in the model's order.
  const names = ['⌊r⌋, ⌊c⌋', '⌊r⌋+1, ⌊c⌋+1', '⌊r⌋, ⌊c⌋+1', '⌊r⌋+1, ⌊c⌋'];
  return (
    <table className="explain-table">
      <caption>Each sample reads four cells: weights (1 − |Δrow|)(1 − |Δcol|) on the clamped p</caption>
      <thead>
        <tr>
          <th scope="col">n</th>
          {names.map((name) => (
            <th scope="col" key={name}>
              {name}
            </th>
          ))}
          <th scope="col">Σ</th>
        </tr>
      </thead>
      <tbody>
        {trace.samples.map((s) => (
          <tr key={s.index} className={s.border.row || s.border.col ? 'explain-clamped' : undefined}>
            <td>{s.index}</td>
            {s.corners.map((q, k) => (
              <td key={k}>
                {cell(q, 0)}×{num(q.weight, 3)}
              </td>
            ))}
            <td>{num(s.corners.reduce((a, q) => a + q.weight, 0), 3)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function StackStep({ trace }: { trace: ExplainTrace }) {
  const shown = firstValues(trace.samples[0]?.values ?? [], 6).length;
  return (
    <table className="explain-table">
      <caption>
        The {trace.samples.length} sampled vectors as rows ({trace.channelsIn} channels; first {shown} shown, all in the line)
      </caption>
      <thead>
        <tr>
          <th scope="col">n</th>
          {Array.from({ length: shown }, (_, k) => (
            <th scope="col" key={k}>
              c{k}
            </th>
          ))}
          <th scope="col">all channels</th>
        </tr>
      </thead>
      <tbody>
        {trace.samples.map((s) => (
          <tr key={s.index}>
            <td>{s.index}</td>
            {firstValues(s.values, 6).map((v, k) => (
              <td key={k}>{num(v)}</td>
            ))}
            <td>
              <Sparkline values={s.values} label={`Sample ${s.index}'s feature vector`} width={140} height={22} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function MixStep({ trace }: { trace: ExplainTrace }) {
  const shown = firstValues(trace.output, 6);
  return (
    <>
      <p>
        z = b + Σₙ Σ_c W[o, c, n] · x_n[c] over the {trace.samples.length} × {trace.channelsIn} stacked values (the (N, 1) conv with BatchNorm folded into W and b), then y = SiLU(z) =
        z · σ(z): the layer&apos;s {trace.channelsOut} outputs at this pixel.
      </p>
      <table className="explain-table" data-testid="explain-output">
        <thead>
          <tr>
            <th scope="col">channel</th>
            {shown.map((_, k) => (
              <th scope="col" key={k}>
                {k}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">z</th>
            {shown.map((_, k) => (
              <td key={k}>{num(trace.preActivation[k] ?? 0, 4)}</td>
            ))}
          </tr>
          <tr>
            <th scope="row">y = SiLU(z)</th>
            {shown.map((v, k) => (
              <td key={k} data-testid="explain-output-value">
                {num(v, 4)}
              </td>
            ))}
          </tr>
        </tbody>
      </table>
      <Sparkline values={trace.output} label={`All ${trace.channelsOut} output channels`} width={320} height={48} />
    </>
  );
}
