import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import * as tf from '@tensorflow/tfjs';
import { useAppStore } from './state/store';
import { startUrlSync, windowUrlSyncDeps } from './state/url-sync';
import { App } from './ui/App';

// A small read-only window into the app for end-to-end tests and curious users.
Object.assign(globalThis, { __akconv: { numTensors: () => tf.memory().numTensors, state: () => useAppStore.getState() } });

// The URL is the settings: read it before the first render, then keep it in step.
startUrlSync(windowUrlSyncDeps(useAppStore));

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
