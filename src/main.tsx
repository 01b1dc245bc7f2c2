import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import * as tf from '@tensorflow/tfjs';
import { useAppStore } from './state/store';
import { App } from './ui/App';

// A small read-only window into the app for end-to-end tests and curious users.
Object.assign(globalThis, { __akconv: { numTensors: () => tf.memory().numTensors, state: () => useAppStore.getState() } });

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
