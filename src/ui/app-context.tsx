/**
 * What the components read, handed down by context (as tldraw's
 * `EditorContext` / `useEditor()` hand down its editor): the engine (what
 * runs) and the viewer (what the user looks at), both made outside React in
 * `main.tsx`. Components render their snapshots through the two small hooks
 * and call their methods from event handlers; none holds a model handle.
 */
import type { ReactNode } from 'react';
import { createContext, useContext, useSyncExternalStore } from 'react';
import type { Engine } from '../runtime/engine-client';
import type { EngineSnapshot } from '../runtime/protocol';
import type { Viewer, ViewerSnapshot } from './viewer/viewer';

export interface AppServices {
  engine: Engine;
  viewer: Viewer;
}

const AppContext = createContext<AppServices | null>(null);

export function AppProvider({ services, children }: { services: AppServices; children: ReactNode }) {
  return <AppContext.Provider value={services}>{children}</AppContext.Provider>;
}

function useServices(): AppServices {
  const services = useContext(AppContext);
  if (!services) throw new Error('a panel was rendered outside <AppProvider> (main.tsx makes the engine and the viewer)');
  return services;
}

/** The engine, for components that send it commands (time the layers, export a video). */
export function useEngineHandle(): Engine {
  return useServices().engine;
}

/** The viewer, for components that change the source or the selection. */
export function useViewerHandle(): Viewer {
  return useServices().viewer;
}

/** Reads part of the engine's snapshot; re-renders when that part changes (return snapshot fields, not new objects). */
export function useEngine<T>(select: (s: EngineSnapshot) => T): T {
  const { engine } = useServices();
  const read = () => select(engine.getSnapshot());
  // The same reader serves server rendering (the panels' Node tests render to static markup).
  return useSyncExternalStore(engine.subscribe, read, read);
}

/** Reads part of the viewer's snapshot, as `useEngine` does the engine's. */
export function useViewer<T>(select: (s: ViewerSnapshot) => T): T {
  const { viewer } = useServices();
  const read = () => select(viewer.getSnapshot());
  return useSyncExternalStore(viewer.subscribe, read, read);
}
