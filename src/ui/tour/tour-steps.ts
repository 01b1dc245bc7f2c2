/** The guided tour's steps, each anchored on an element of the page (a step whose element is not on screen is left out). */

export interface TourStep {
  /** CSS selector of the element the step points at. */
  anchor: string;
  title: string;
  text: string;
}

export const TOUR_STEPS: readonly TourStep[] = [
  {
    anchor: '[data-testid="main-canvas"]',
    title: 'Detection',
    text: 'A YOLOv5n with AKConv layers detects objects in this photo, right in your browser. Pick another photo, your webcam or a video above it.',
  },
  {
    anchor: '.offsets-panel',
    title: 'Learned offsets',
    text: 'Where one AKConv layer really samples on that photo: its N points per output pixel, moved by offsets it learned. Click a point or the image to pick a pixel.',
  },
  {
    anchor: '.sampling-grid',
    title: 'The sampling grid',
    text: 'How AKConv places its N samples before learning: the initial shape p_n, the base grid p_0, and a grid to draw your own shape.',
  },
  {
    anchor: '[data-testid="model-select"]',
    title: 'Models',
    text: 'Switch between the bundled models (AKConv trained with the ij or the xy grid, plain YOLOv5n), or open your own .pt or .safetensors file.',
  },
  {
    anchor: '[data-testid="copy-link"]',
    title: 'Share',
    text: 'Every setting lives in the link: copy it to share exactly this view. Add embed=grid (or another panel) to show one panel in a slide or a post.',
  },
];

/** The steps whose element `exists` (closed panels have none). */
export function presentSteps(steps: readonly TourStep[], exists: (selector: string) => boolean): TourStep[] {
  return steps.filter((s) => exists(s.anchor));
}
