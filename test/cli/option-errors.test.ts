import { describe, expect, it } from 'vitest';
import { fixturePath } from '../helpers/fixtures';
import { runMain } from './run-cli';

const photos = fixturePath('detect/photos');

// Each is refused before any model is loaded: one line on stderr, exit code 2.
// In-process through the binary's own `main`; cli.test.ts ('the akconv binary')
// spawns bin/akconv.js to show that its code and streams are the process's.
const cases: [string, string[], string][] = [
  ['--classes with a name', ['predict', '--weights', 'w.pt', '--source', photos, '--classes', '0', 'person'], "akconv predict: --classes must be class indices (integers from 0), got '0,person'"],
  ['--line-thickness 0', ['predict', '--weights', 'w.pt', '--source', photos, '--save', '--line-thickness', '0'], "akconv predict: --line-thickness must be an integer from 1 to 100, got '0'"],
  ['--save-conf without --save-txt', ['predict', '--weights', 'w.pt', '--source', photos, '--save-conf'], 'akconv predict: --save-conf needs --save-txt'],
  ['--max-det 0', ['predict', '--weights', 'w.pt', '--source', photos, '--max-det', '0'], "akconv predict: --max-det must be an integer from 1 to 30000, got '0'"],
  ['an unknown flag', ['predict', '--weights', 'w.pt', '--source', photos, '--save-img'], "akconv predict: Unknown option '--save-img'"],
  ['--batch-size 0', ['val', '--weights', 'w.pt', '--data', photos, '--batch-size', '0'], "akconv val: --batch-size must be an integer from 1 to 1024, got '0'"],
  ['--verbose=yes', ['val', '--weights', 'w.pt', '--data', photos, '--verbose=yes'], "akconv val: Option '--verbose' does not take an argument"],
];

describe('bad predict and val options: one line on stderr, exit code 2', () => {
  it.each(cases)('%s', async (_, args, message) => {
    const r = await runMain(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`${message}\n`);
    expect(r.stdout).toBe('');
  });
});
