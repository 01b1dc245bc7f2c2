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
import { useAppStore } from '../state/store';
import { DetectPanel } from './detect/DetectPanel';
import { ExplainPanel } from './explain/ExplainPanel';
import { useDocumentTheme } from './document-theme';
import { EmbedFooter } from './EmbedFooter';
import { LiveSamplingGridPanel } from './grid/LiveSamplingGridPanel';
import { Header } from './Header';
import { ModelPanel } from './ModelPanel';
import { Notices } from './Notices';
import { OffsetsPanel } from './offsets/OffsetsPanel';
import { StatusLine } from './StatusLine';
import { Tour } from './tour/Tour';
import './app.css';

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
          {shown.includes('grid') && <LiveSamplingGridPanel />}
          {shown.includes('model') && <ModelPanel />}
          {shown.includes('explain') && <ExplainPanel />}
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
