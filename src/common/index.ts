/**
 * Types and constants shared by every layer of the app (model, io, detect,
 * runtime, state, ui, cli). This folder imports nothing from the others.
 */
export * from './choices';
export * from './geometry';
export * from './model-config';
export * from './tensor';
export * from './samples';
