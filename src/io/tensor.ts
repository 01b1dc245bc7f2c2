/**
 * The readers' tensor types. They live in src/common (the model consumes
 * them too); re-exported here for existing importers.
 */
export type { TensorData, WeightMap } from '../common/tensor';
export { numelOf } from '../common/tensor';
