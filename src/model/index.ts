/**
 * The model package: config parsing, architecture and counts, AKConv's
 * geometry, and the tfjs network. Nothing here knows about React.
 */
export * from './config';
export { readModelCheckpoint } from './checkpoint';
export * from './geometry';
export * from './architecture';
export type { MapShape, ModuleSpec, ParamSpec } from './modules';
export { YoloModel } from './yolo';
export type { AKConvSite, ForwardOptions, ForwardResult, LoadOptions } from './yolo';
export { AKConvLayer } from './akconv';
export type { AKConvOptions } from './akconv';
export { checkWeights, WeightsError, BATCH_NORM_EPS } from './weights';
