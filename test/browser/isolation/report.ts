/** What the isolation probe page reports (shared by the page and the test). */
export interface IsolationReport {
  crossOriginIsolated: boolean;
  sharedArrayBuffer: boolean;
  hardwareConcurrency: number;
  askedThreads: number;
  /** wasmThreadCount() after the backend started. */
  threads: number;
  /** tfjs's own test: SharedArrayBuffer can be posted and threaded wasm validates. */
  multithreadSupport: boolean;
  /** A 3x3 conv of ones, summed: proves the threaded build computes (16x16 map, 8 channels). */
  convSum: number;
}
