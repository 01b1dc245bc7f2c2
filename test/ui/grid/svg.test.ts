import { describe, expect, it } from 'vitest';
import { svgId } from '../../../src/ui/grid/svg';

describe('svg helpers', () => {
  it('makes ids safe for url(#...)', () => {
    expect(svgId(':r1:', 'arrow')).toBe('sg-r1-arrow');
    expect(svgId('«r2»', 'title')).toBe('sg-r2-title');
  });
});
