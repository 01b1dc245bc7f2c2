/** The one-line explanation under the title, with the paper, the official code and the tour. */
import { TourLink } from './tour/Tour';

export const PAPER_URL = 'https://arxiv.org/abs/2311.11587';
export const CODE_URL = 'https://github.com/CV-ZhangXin/LDConv';

export function Intro() {
  return (
    <p className="intro" data-testid="intro">
      AKConv (LDConv) samples each output pixel at N learned points, not a fixed k × k grid: here inside YOLOv5n, in your
      browser.{' '}
      <a href={PAPER_URL} target="_blank" rel="noreferrer" title="Zhang et al., 2023, arXiv 2311.11587">
        Paper
      </a>
      {' · '}
      <a href={CODE_URL} target="_blank" rel="noreferrer" title="The official code: CV-ZhangXin/LDConv (formerly AKConv)">
        Code
      </a>
      {' · '}
      <TourLink />
    </p>
  );
}
