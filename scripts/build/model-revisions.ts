/**
 * Workbox keys each precached file by a revision (an md5 of its bytes by
 * default). The bundled models are keyed by their sha256 instead, the hash
 * the model card and the diagnostics dialog name, so the cache entry of a
 * model is replaced exactly when its bytes change.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const MODELS_DIR = fileURLToPath(new URL('../../public/models/', import.meta.url));

interface Entry {
  url: string;
  revision: string | null;
  size: number;
}

const MODEL_URL = /(?:^|\/)models\/([^/?#]+\.safetensors)$/;

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Sets the revision of every bundled model in a Workbox precache manifest to its sha256 (`read` gives a model file's bytes). */
export function modelRevisionsFrom<E extends Entry>(entries: E[], read: (file: string) => Uint8Array): { manifest: E[]; warnings: string[] } {
  const manifest = entries.map((entry) => {
    const file = MODEL_URL.exec(entry.url)?.[1];
    return file ? { ...entry, revision: `sha256-${sha256Hex(read(file))}` } : entry;
  });
  return { manifest, warnings: [] };
}

/** The Workbox manifestTransform of vite.config.ts: models read from public/models. */
export function modelRevisions<E extends Entry>(entries: E[]): { manifest: E[]; warnings: string[] } {
  return modelRevisionsFrom(entries, (file) => readFileSync(MODELS_DIR + file));
}
