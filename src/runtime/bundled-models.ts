/**
 * The models served from public/models, for the engine and the pickers. The
 * table itself is `common/bundled-models.ts` (ids, labels, files and
 * conventions in one place); this module keeps the engine's name for it.
 */
export { BUNDLED_MODELS, type BundledModel } from '../common/bundled-models';
