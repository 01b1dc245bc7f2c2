/**
 * Plain tensors as the readers produce them and the model consumes them:
 * framework-free, so that checkpoint reading runs in a worker, in Node and in
 * the browser alike.
 */
export interface TensorData {
  shape: number[];
  data: Float32Array;
}

/** PyTorch state-dict names (`model.8.m.0.cv2.p_conv.weight`) to tensors. */
export type WeightMap = Map<string, TensorData>;

/** The element count of a tensor shape (1 for a scalar's empty shape). */
export function numelOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
