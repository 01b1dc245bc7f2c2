/** The one-line explanation under the title, with the paper, the official code and the tour. */
import { TourLink } from './tour/Tour';

export const PAPER_URL = 'https://arxiv.org/abs/2311.11587';
export const CODE_URL = 'https://github.com/CV-ZhangXin/LDConv';

export function Intro() {
  return (
    <p className="intro" data-testid="intro">
      AKConv (now LDConv) samples each output pixel at N learned positions instead of a fixed k × k square: watch it in a YOLOv5n
      detecting in your browser.{' '}
      <a href={PAPER_URL} target="_blank" rel="noreferrer">
        Paper (Zhang et al., 2023)
      </a>
      {' · '}
      <a href={CODE_URL} target="_blank" rel="noreferrer">
        Official code
      </a>
      {' · '}
      <TourLink />
    </p>
  );
}
