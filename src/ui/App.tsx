/** The playground: detection, AKConv's sampling grid, its learned offsets, the model table. */
import { useMemo, useState } from 'react';
import { letterbox } from '../detect/letterbox';
import type { RgbImage } from '../io/image';
import { useAppStore } from '../state/store';
import { DetectPanel } from './detect/DetectPanel';
import { useDetector } from './detect/useDetector';
import { SamplingGridPanel } from './grid';
import { Header } from './Header';
import { ModelPanel } from './ModelPanel';
import { Notices } from './Notices';
import { OffsetsPanel } from './offsets/OffsetsPanel';
import { StatusLine } from './StatusLine';
import './app.css';

export function App() {
  const detector = useDetector();
  const panels = useAppStore((s) => s.settings.panels);
  const modelLabel = useAppStore((s) => s.runtime.modelLabel);
  const imageSize = useAppStore((s) => s.settings.imageSize);
  const [frame, setFrame] = useState<RgbImage | null>(null);
  const model = modelLabel ? (detector.models.current.main?.model ?? null) : null;
  // The offsets panel samples the same letterboxed input the detector saw.
  const input = useMemo(() => (frame && panels.includes('offsets') ? letterbox(frame, { size: imageSize, auto: true }) : null), [frame, imageSize, panels]);
  return (
    <div className="app">
      <Header onModelFile={(f) => void detector.loadFile(f)} />
      <StatusLine />
      <Notices />
      <main className="panels">
        {panels.includes('detect') && <DetectPanel detector={detector} onFrame={setFrame} />}
        {panels.includes('grid') && <SamplingGridPanel />}
        {panels.includes('offsets') && <OffsetsPanel model={model} input={input} />}
        {panels.includes('model') && <ModelPanel model={model} />}
      </main>
      <footer className="credits">
        AKConv / LDConv: Zhang et al., 2023. YOLOv5 by Ultralytics (AGPL-3.0). COCO (CC BY 4.0 annotations; Flickr-licensed images).
        This app is AGPL-3.0.
      </footer>
    </div>
  );
}
