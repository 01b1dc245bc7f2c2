import { startTransition, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { useAppStore } from './state/store';
import { readPageLink, startUrlSync, windowUrlSyncDeps } from './state/url-sync';
import { App } from './ui/App';
import { AppProvider } from './ui/app-context';
import { bindClassCheck } from './ui/detect/class-check';
import { bindEngineToStore, createAppEngine } from './ui/engine';
import { startOffline } from './ui/offline';
import { openTourAfterFirstFrame } from './ui/tour/tour-state';
import { Viewer } from './ui/viewer/viewer';

// The page's owners, made once, outside React: the engine (in its worker) and the viewer (what the user looks at).
// The link is read first (the codec alone parses it, and makes the address bar canonical before tfjs can see it).
const engine = createAppEngine(readPageLink(window).engineOnPage);
const viewer = new Viewer(engine, useAppStore);

// A small read-only window into the app for end-to-end tests and curious users
// (tensors are counted where the engine runs: its worker).
Object.assign(globalThis, {
  __akconv: {
    numTensors: () => engine.getSnapshot().numTensors,
    state: () => useAppStore.getState(),
    engine: () => engine.getSnapshot(),
    viewer: () => {
      const v = viewer.getSnapshot();
      return { live: v.live, fileName: v.fileName, size: v.size, frameId: v.frame?.result?.frameId ?? null, detected: v.frame?.result ? (v.frame.result.main?.detections.length ?? 0) : null };
    },
  },
});

// The URL is the settings: read it before the first render, then keep it in step.
startUrlSync(windowUrlSyncDeps(useAppStore));
// The engine starts on those settings and follows them; the viewer shows the source they name.
bindEngineToStore(engine, useAppStore);
viewer.start();
// The service worker caches the app for offline use (none in the dev server).
startOffline();
// Class ids the loaded model does not have (cls=999 in a link) are refused once it loads.
bindClassCheck(engine, useAppStore);
// The first visit's tour, for people who open the app itself (never an embedded panel), once the first boxes are drawn.
if (!useAppStore.getState().settings.embed) {
  openTourAfterFirstFrame((done) => {
    const check = () => void (viewer.getSnapshot().frame?.result && done());
    return viewer.subscribe(check);
  });
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
// A transition: React renders the first screen in slices of a few milliseconds instead of one long
// task, so the page answers input (and the frame's first paint comes) while the panels render.
startTransition(() =>
  createRoot(root).render(
    <StrictMode>
      <AppProvider services={{ engine, viewer }}>
        <App />
      </AppProvider>
    </StrictMode>,
  ),
);
