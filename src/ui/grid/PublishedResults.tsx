/**
 * "Published results": the official repository's YOLOv5n tables (N = 3, 5,
 * 9, 13 on COCO2017; the five N = 5 initial shapes) with their source, and
 * our own students' COCO128 numbers beside them, labelled as ours.
 */
import { useId } from 'react';
import type { PublishedSource } from './published-results';
import { COCO_YOLOV5N, N5_SHAPES_YOLOV5N, OWN_STUDENTS, PAPER } from './published-results';
import { OFFICIAL_N5_SHAPES } from './presets';
import './grid.css';

function Source({ source }: { source: PublishedSource }) {
  return (
    <p className="sg-muted sg-source">
      Source: <a href={source.url}>{source.repository}, {source.file}</a> (“{source.heading}”, commit {source.commit.slice(0, 7)}); paper:{' '}
      <a href={PAPER.url}>{PAPER.title}</a>.
    </p>
  );
}

function SizeTable() {
  return (
    <div className="table-scroll">
      <table className="sg-table" aria-label="Published: YOLOv5n with AKConv of N samples on COCO2017">
        <caption>Published: YOLOv5n on COCO2017 with AKConv of N samples</caption>
        <thead>
          <tr><th scope="col">N</th><th scope="col">AP50</th><th scope="col">AP75</th><th scope="col">AP</th><th scope="col">GFLOPs</th><th scope="col">params (M)</th></tr>
        </thead>
        <tbody>
          {COCO_YOLOV5N.rows.map((r) => (
            <tr key={r.numParam ?? 'base'}>
              <th scope="row">{r.numParam ?? 'baseline'}</th><td>{r.ap50}</td><td>{r.ap75}</td><td>{r.ap}</td><td>{r.gflops}</td><td>{r.paramsM}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ShapeTable() {
  return (
    <div className="table-scroll">
      <table className="sg-table" aria-label="Published: YOLOv5n with the five N = 5 initial shapes">
        <caption>Published: YOLOv5n, N = 5, initial shapes (a) to (e) (the presets above); the README does not name the data set</caption>
        <thead>
          <tr><th scope="col">shape</th><th scope="col">P</th><th scope="col">R</th><th scope="col">mAP50</th><th scope="col">mAP</th></tr>
        </thead>
        <tbody>
          {N5_SHAPES_YOLOV5N.rows.map((r) => (
            <tr key={r.shape}>
              <th scope="row">({r.shape}) {OFFICIAL_N5_SHAPES.find((p) => p.id === r.shape)?.description ?? ''}</th>
              <td>{r.precision}</td><td>{r.recall}</td><td>{r.map50}</td><td>{r.map}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function OwnTable() {
  return (
    <div className="table-scroll">
      <table className="sg-table" aria-label="Ours: the shipped models on COCO128 val2017">
        <caption>Ours (measured here, not published): the shipped models on COCO128 val2017</caption>
        <thead>
          <tr><th scope="col">model</th><th scope="col">what</th><th scope="col">mAP50</th><th scope="col">mAP50-95</th></tr>
        </thead>
        <tbody>
          {OWN_STUDENTS.rows.map((r) => (
            <tr key={r.model}>
              <th scope="row">{r.model}</th><td className="sg-text">{r.what}</td><td>{r.map50.toFixed(3)}</td><td>{r.map5095.toFixed(3)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function PublishedResults() {
  const headingId = useId();
  return (
    <section className="sg-section sg-results" aria-labelledby={headingId}>
      <h3 id={headingId}>Published results, and ours</h3>
      <p>
        What the authors report (in percent, on COCO2017 or a data set their README does not name, with AKConv in several layers) and
        what our distilled students measure (as fractions, on 128 COCO images, one C3_AKConv layer): different data, training and
        models, so read them side by side, not as one ranking.
      </p>
      <div className="sg-results-columns">
        <div>
          <SizeTable />
          <Source source={COCO_YOLOV5N.source} />
          <ShapeTable />
          <Source source={N5_SHAPES_YOLOV5N.source} />
        </div>
        <div>
          <OwnTable />
          <p className="sg-muted sg-source">
            {OWN_STUDENTS.measuredHow} Command: <code>{OWN_STUDENTS.command}</code>
          </p>
        </div>
      </div>
    </section>
  );
}
