/** The explainer's seven steps, (a) to (g): what each is called and what it adds. Index = `settings.explainStep`. */
export interface ExplainStepInfo {
  letter: string;
  title: string;
}

export const EXPLAIN_STEPS: readonly ExplainStepInfo[] = [
  { letter: 'a', title: 'p₀: where this output pixel starts' },
  { letter: 'b', title: '+ pₙ: the initial sampling shape' },
  { letter: 'c', title: "The offset conv's 3×3 window and its 2N offsets" },
  { letter: 'd', title: 'p = p₀ + pₙ + offset, clamped into the map' },
  { letter: 'e', title: 'Bilinear read: four corners per sample' },
  { letter: 'f', title: 'The N sampled vectors, stacked as rows' },
  { letter: 'g', title: 'Column conv (N, 1) with BatchNorm folded, then SiLU' },
];

/** Seconds each step stays on screen while playing. */
export const PLAY_STEP_MS = 2000;
