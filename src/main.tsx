import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { useAppStore } from './state/store';
import { startUrlSync, windowUrlSyncDeps } from './state/url-sync';
import { App } from './ui/App';
import { bindClassCheck } from './ui/detect/class-check';
import { bindEngineToStore, engine } from './ui/engine';
import { startOffline } from './ui/offline';

// A small read-only window into the app for end-to-end tests and curious users
// (tensors are counted where the engine runs: its worker).
Object.assign(globalThis, { __akconv: { numTensors: () => engine.getSnapshot().numTensors, state: () => useAppStore.getState(), engine: () => engine.getSnapshot() } });

// The URL is the settings: read it before the first render, then keep it in step.
startUrlSync(windowUrlSyncDeps(useAppStore));
// The engine (in its worker) starts on those settings and follows them.
bindEngineToStore();
// The service worker caches the app for offline use (none in the dev server).
startOffline();
// Class ids the loaded model does not have (cls=999 in a link) are refused once it loads.
bindClassCheck();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
