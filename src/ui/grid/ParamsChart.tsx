import { useId, useRef } from 'react';
import { CHART_CHANNELS } from '../../state/settings';
import { useAppStore } from '../../state/store';
import type { ParamsChartModel } from './params-chart-layout';
import { formatCount, groupDigits, paramsChart, paramsSummary } from './params-chart-layout';
import { svgId } from './svg';
import { FigureDownloads } from '../figure/FigureDownloads';
import { standaloneSvg } from '../figure/dom-svg';
import { svgPng } from '../figure/download';
import './grid.css';

/** Channel counts the chart offers (C_in = C_out): a setting's range, since the URL carries it. */
export { CHART_CHANNELS };

export interface ParamsPlotProps {
  /** From paramsChart(N, channels). */
  chart: ParamsChartModel;
}

/** The parameter chart itself: AKConv at every N against square K x K kernels, the current N marked. */
export function ParamsPlot({ chart }: ParamsPlotProps) {
  const id = useId();
  const titleId = svgId(id, 'title');
  const descId = svgId(id, 'desc');
  const { plot, current } = chart;
  const labelLeft = current.x > (plot.left + plot.right) / 2;
  return (
    <svg
      className="sg-svg sg-chart"
      viewBox={`0 0 ${chart.width} ${chart.height}`}
      width={chart.width}
      height={chart.height}
      role="img"
      aria-labelledby={`${titleId} ${descId}`}
    >
      <title id={titleId}>{`Weights against samples per output pixel, C_in = C_out = ${chart.channels}`}</title>
      <desc id={descId}>{paramsSummary(current.n, chart.channels)}</desc>
      <g className="sg-chart-grid" aria-hidden="true">
        {chart.yTicks.map((t) => (
          <line key={t.value} x1={plot.left} x2={plot.right} y1={t.at} y2={t.at} />
        ))}
      </g>
      <g className="sg-chart-axis" aria-hidden="true">
        <line x1={plot.left} x2={plot.right} y1={plot.bottom} y2={plot.bottom} />
        <line x1={plot.left} x2={plot.left} y1={plot.top} y2={plot.bottom} />
        {chart.xTicks.map((t) => (
          <g key={t.value}>
            <line x1={t.at} x2={t.at} y1={plot.bottom} y2={plot.bottom + 4} />
            <text x={t.at} y={plot.bottom + 14} textAnchor="middle">
              {t.label}
            </text>
          </g>
        ))}
        {chart.yTicks.map((t) => (
          <text key={t.value} x={plot.left - 6} y={t.at} textAnchor="end" dominantBaseline="central">
            {t.label}
          </text>
        ))}
        <text x={(plot.left + plot.right) / 2} y={chart.height - 8} textAnchor="middle" className="sg-axis-title">
          samples per output pixel N (a K×K kernel has N = K²)
        </text>
        <text
          x={14}
          y={(plot.top + plot.bottom) / 2}
          textAnchor="middle"
          className="sg-axis-title"
          transform={`rotate(-90 14 ${(plot.top + plot.bottom) / 2})`}
        >
          weights
        </text>
      </g>
      <line className="sg-chart-current" x1={current.x} x2={current.x} y1={plot.top} y2={plot.bottom} aria-hidden="true" />
      <path className="sg-chart-step" d={chart.stepPath} aria-hidden="true" />
      <path className="sg-chart-akconv" d={chart.akconvPath} aria-hidden="true" />
      <g className="sg-chart-squares">
        {chart.squares.map((s) => (
          <g key={s.k}>
            <title>{`${s.k}×${s.k} conv: ${groupDigits(s.params)} weights`}</title>
            <rect x={s.x - 3.5} y={s.y - 3.5} width={7} height={7} />
            {s.k > 1 && (
              <text x={s.x} y={s.y - 8} textAnchor="middle">
                {s.k}×{s.k}
              </text>
            )}
          </g>
        ))}
      </g>
      <g className="sg-chart-point">
        <title>{`AKConv, N = ${current.n}: ${groupDigits(current.params)} weights`}</title>
        <circle cx={current.x} cy={current.y} r={5} />
        <text x={current.x + (labelLeft ? -6 : 6)} y={labelLeft ? plot.bottom - 8 : plot.top + 46} textAnchor={labelLeft ? 'end' : 'start'}>
          N = {current.n}: {formatCount(current.params)}
        </text>
      </g>
      <g className="sg-chart-legend" transform={`translate(${plot.left + 10} ${plot.top + 6})`}>
        <line className="sg-chart-akconv" x1={0} x2={18} y1={6} y2={6} />
        <text x={24} y={6} dominantBaseline="central">
          AKConv, N samples: N·C² + 18N·C + 2N
        </text>
        <line className="sg-chart-step" x1={0} x2={18} y1={22} y2={22} />
        <text x={24} y={22} dominantBaseline="central">
          smallest K×K conv with ≥ N samples: K²·C²
        </text>
      </g>
    </svg>
  );
}

/**
 * "Parameters against kernel size": weights of AKConv with N samples against
 * square K x K convs, for C_in = C_out chosen from CHART_CHANNELS; N (from the
 * store) is highlighted.
 */
export function ParamsChart() {
  const headingId = useId();
  const selectId = useId();
  const numParam = useAppStore((s) => s.settings.numParam);
  const channels = useAppStore((s) => s.settings.chartChannels);
  const update = useAppStore((s) => s.update);
  const chart = paramsChart(numParam, channels);
  const figure = useRef<HTMLElement>(null);
  const svg = () => {
    const el = figure.current?.querySelector('svg');
    if (!el) throw new Error('the chart is not drawn');
    return standaloneSvg(el);
  };
  return (
    <section className="sg-section" aria-labelledby={headingId}>
      <h3 id={headingId}>Parameters against kernel size</h3>
      <p>
        AKConv&apos;s weights grow by the same amount for every extra sample (linear in N); a square kernel only comes in sizes K×K, so
        its weights grow with K² and jump from one square to the next. Neither count includes BatchNorm.
      </p>
      <div className="sg-controls">
        <div className="sg-select">
          <label htmlFor={selectId}>Channels C_in = C_out</label>
          <select id={selectId} value={channels} onChange={(e) => {
              const picked = CHART_CHANNELS.find((c) => String(c) === e.target.value);
              if (picked !== undefined) update({ chartChannels: picked });
            }}>
            {CHART_CHANNELS.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </div>
      </div>
      <figure className="sg-figure sg-chart-figure" ref={figure}>
        <ParamsPlot chart={chart} />
        <figcaption className="sg-caption">
          {paramsSummary(numParam, channels)}
          <FigureDownloads name={`params-chart-${channels}`} label="the parameter chart" svg={svg} png={() => svgPng(svg(), chart.width, chart.height)} />
        </figcaption>
      </figure>
    </section>
  );
}
