import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { modelRevisions, modelRevisionsFrom } from '../../../scripts/build/model-revisions';

const entries = [
  { url: 'index.html', revision: 'md5-of-index', size: 1 },
  { url: 'models/yolov5n.safetensors', revision: 'md5-of-model', size: 3 },
];

describe('model revisions in the precache manifest', () => {
  it('keys each bundled model by the sha256 of its bytes and leaves other files alone', () => {
    const { manifest } = modelRevisions(entries);
    const sha = createHash('sha256').update(readFileSync('public/models/yolov5n.safetensors')).digest('hex');
    expect(manifest).toEqual([entries[0], { ...entries[1], revision: `sha256-${sha}` }]);
  });

  it('changes a model\'s revision exactly when its bytes change', () => {
    const revision = (bytes: number[]) => modelRevisionsFrom([entries[1]!], () => new Uint8Array(bytes)).manifest[0]?.revision;
    expect(revision([1, 2, 3])).toBe(revision([1, 2, 3]));
    expect(revision([1, 2, 3])).not.toBe(revision([1, 2, 4]));
  });
});
