import { describe, expect, it } from 'vitest';
import { shapeUseText, sitesByN } from '../../../src/ui/grid/shape-use';

const SEED = [{ name: 'model.8.m.0.cv2', numParam: 3 }];

describe('shapeUseText', () => {
  it("says the model's own p_n is in use when no shape is drawn", () => {
    expect(shapeUseText(null, SEED)).toBe('In use: the model’s own p_n.');
  });

  it('says no layer uses a shape whose point count no AKConv layer has, naming the layers and their N', () => {
    const text = shapeUseText(5, SEED);
    expect(text).not.toMatch(/^In use/);
    expect(text).toMatch(/no layer of the live model uses it/);
    expect(text).toMatch(/N = 3 \(model\.8\.m\.0\.cv2\)/);
  });

  it('names the layers that do use it', () => {
    const sites = [...SEED, { name: 'model.6.m.0.cv2', numParam: 5 }];
    expect(shapeUseText(5, sites)).toBe('In use: a 5-point shape, in N = 5 (model.6.m.0.cv2).');
  });

  it('says so when the live model has no AKConv at all, and stays plain while no model is loaded', () => {
    expect(shapeUseText(4, [])).toMatch(/has no AKConv layer/);
    expect(shapeUseText(4, null)).toBe('In use: a 4-point shape.');
  });
});

describe('sitesByN', () => {
  it('groups layers by N in order and shortens long lists', () => {
    const sites = [3, 5, 3, 3, 3].map((numParam, i) => ({ name: `model.${i}.cv2`, numParam }));
    expect(sitesByN(sites)).toBe('N = 3 (model.0.cv2, model.2.cv2, model.3.cv2 and 1 more), N = 5 (model.1.cv2)');
  });
});
