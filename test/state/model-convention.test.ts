/** The grid convention follows the model the user picks (the URL side is in url.test.ts). */
import { afterEach, describe, expect, it } from 'vitest';
import { BUNDLED_CONVENTIONS } from '../../src/common/choices';
import { conventionAfterPicking, defaultConvention, DEFAULT_SETTINGS, MODEL_IDS } from '../../src/state/settings';
import { useAppStore } from '../../src/state/store';

afterEach(() => useAppStore.setState({ settings: DEFAULT_SETTINGS, hasOwnModel: false, ownModelName: null, notices: [] }));

describe('conventionAfterPicking', () => {
  it("takes a bundled model's trained convention, and keeps the current one when the model records none", () => {
    expect(conventionAfterPicking('akconv-xy', 'ij')).toBe('xy');
    expect(conventionAfterPicking('akconv-ij', 'xy')).toBe('ij');
    for (const current of ['ij', 'xy'] as const) {
      expect(conventionAfterPicking('yolov5n', current)).toBe(current);
      expect(conventionAfterPicking('ldconv-s', current)).toBe(current);
      expect(conventionAfterPicking('custom', current)).toBe(current);
    }
  });

  it("takes a loaded file's recorded convention when given", () => {
    expect(conventionAfterPicking('custom', 'ij', 'xy')).toBe('xy');
    expect(conventionAfterPicking('custom', 'xy', null)).toBe('xy');
  });
});

describe('defaultConvention', () => {
  it('is every model id\'s trained convention, else the settings\' default', () => {
    for (const id of MODEL_IDS) {
      const trained = id === 'custom' ? null : BUNDLED_CONVENTIONS[id];
      expect(defaultConvention(id), id).toBe(trained ?? DEFAULT_SETTINGS.convention);
    }
  });
});

describe('the store', () => {
  it('pickModel sets the model and its trained convention; a model without one keeps the current', () => {
    const { pickModel } = useAppStore.getState();
    pickModel('akconv-xy');
    expect(useAppStore.getState().settings).toEqual({ ...DEFAULT_SETTINGS, model: 'akconv-xy', convention: 'xy' });
    pickModel('yolov5n');
    expect(useAppStore.getState().settings.convention).toBe('xy');
    pickModel('akconv-ij');
    expect(useAppStore.getState().settings.convention).toBe('ij');
  });

  it("ownModelLoaded applies the file's recorded convention, or keeps the current one", () => {
    useAppStore.getState().ownModelLoaded('mine.pt', 'xy');
    expect(useAppStore.getState().settings).toMatchObject({ model: 'custom', convention: 'xy' });
    useAppStore.getState().update({ convention: 'ij' });
    useAppStore.getState().ownModelLoaded('other.pt');
    expect(useAppStore.getState().settings).toMatchObject({ model: 'custom', convention: 'ij' });
    expect(useAppStore.getState().ownModelName).toBe('other.pt');
  });

  it('picking the A/B model as the main model ends the A/B, so the link never holds a model beside itself', () => {
    const { pickModel, update } = useAppStore.getState();
    update({ compare: 'yolov5n' });
    pickModel('akconv-xy');
    expect(useAppStore.getState().settings.compare).toBe('yolov5n');
    pickModel('yolov5n');
    expect(useAppStore.getState().settings).toMatchObject({ model: 'yolov5n', compare: null });
  });
});
