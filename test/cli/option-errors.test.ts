import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { fixturePath } from '../helpers/fixtures';

const exec = promisify(execFile);
const bin = fixturePath('../../bin/akconv.js');
const photos = fixturePath('detect/photos');

async function fail(args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    await exec(process.execPath, [bin, ...args]);
  } catch (e) {
    const { code, stderr } = e as { code: number; stderr: string };
    return { code, stderr };
  }
  throw new Error('the command succeeded');
}

// Each is refused before any model is loaded: one line on stderr, exit code 2.
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
    const r = await fail(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`${message}\n`);
  });
});
