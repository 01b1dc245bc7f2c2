/**
 * The playground: detection, AKConv's sampling grid, its learned offsets, the
 * model table; or, in embed mode (`embed=grid`), one panel alone.
 *
 * Panels sit in two columns that stack their panels with no gaps: the image
 * column holds the detection frame and the learned offsets computed on it
 * (so the two stay side by side in reading order, near the top), the side
 * column the sampling grid, the model table and any other panel. Each column
 * is as tall as its own panels, so a tall panel in one never opens a gap in
 * the other; a column with no panel takes no room, and on a narrow window
 * the columns stack.
 */
import { lazy, Suspense } from 'react';
import { useAppStore } from '../state/store';
import { DetectPanel } from './detect/DetectPanel';
import { useDocumentTheme } from './document-theme';
import { EmbedFooter } from './EmbedFooter';
import { Header } from './Header';
import { Notices } from './Notices';
import { OffsetsPanel } from './offsets/OffsetsPanel';
import { StatusLine } from './StatusLine';
import { Tour } from './tour/Tour';
import './app.css';

/*
 * The side column's panels load as chunks of their own, after the first screen: the page's
 * entry script was one compile-and-run task of about 100 ms before the first box, and most of it
 * was these panels (the sampling grid's editor, charts and tables, the model table, the explainer).
 */
const LiveSamplingGridPanel = lazy(() => import('./grid/LiveSamplingGridPanel').then((m) => ({ default: m.LiveSamplingGridPanel })));
const ModelPanel = lazy(() => import('./ModelPanel').then((m) => ({ default: m.ModelPanel })));
const ExplainPanel = lazy(() => import('./explain/ExplainPanel').then((m) => ({ default: m.ExplainPanel })));

export function App() {
  const panels = useAppStore((s) => s.settings.panels);
  const embed = useAppStore((s) => s.settings.embed);
  const shown = embed ? [embed] : panels;
  useDocumentTheme();
  return (
    <div className={embed ? 'app embedded' : 'app'} data-embed={embed ?? undefined}>
      {!embed && <Header />}
      {!embed && <StatusLine />}
      <Notices />
      <main className="panels">
        <div className="panel-column image-column">
          {shown.includes('detect') && <DetectPanel />}
          {shown.includes('offsets') && <OffsetsPanel />}
        </div>
        <div className="panel-column side-column">
          {/* Until a panel's chunk is in, a panel-sized box keeps the column's room (an empty column takes none, and the image column beside it would narrow when it came). */}
          <Suspense fallback={<section className="panel panel-loading" aria-busy="true" />}>
            {shown.includes('grid') && <LiveSamplingGridPanel />}
            {shown.includes('model') && <ModelPanel />}
            {shown.includes('explain') && <ExplainPanel />}
          </Suspense>
        </div>
      </main>
      {embed ? (
        <EmbedFooter />
      ) : (
        <footer className="credits">
          AKConv / LDConv: Zhang et al., 2023. YOLOv5 by Ultralytics (AGPL-3.0). COCO (CC BY 4.0 annotations; Flickr-licensed images).
          This app is AGPL-3.0.
        </footer>
      )}
      {!embed && <Tour />}
    </div>
  );
}
