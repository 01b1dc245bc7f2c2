/** The playground: detection, AKConv's sampling grid, its learned offsets, the model table. */
import { useAppStore } from '../state/store';
import { DetectPanel } from './detect/DetectPanel';
import { LiveSamplingGridPanel } from './grid/LiveSamplingGridPanel';
import { Header } from './Header';
import { ModelPanel } from './ModelPanel';
import { Notices } from './Notices';
import { OffsetsPanel } from './offsets/OffsetsPanel';
import { StatusLine } from './StatusLine';
import './app.css';

export function App() {
  const panels = useAppStore((s) => s.settings.panels);
  return (
    <div className="app">
      <Header />
      <StatusLine />
      <Notices />
      <main className="panels">
        {panels.includes('detect') && <DetectPanel />}
        {panels.includes('grid') && <LiveSamplingGridPanel />}
        {panels.includes('offsets') && <OffsetsPanel />}
        {panels.includes('model') && <ModelPanel />}
      </main>
      <footer className="credits">
        AKConv / LDConv: Zhang et al., 2023. YOLOv5 by Ultralytics (AGPL-3.0). COCO (CC BY 4.0 annotations; Flickr-licensed images).
        This app is AGPL-3.0.
      </footer>
    </div>
  );
}
