import { runCommand } from '../../src/cli/commands';
import { main } from '../../src/cli/main';

/** Runs an akconv command in-process and returns what it printed. */
export async function runCli(args: string[]): Promise<{ out: string; err: string }> {
  let out = '';
  let err = '';
  const [command = '', ...rest] = args;
  await runCommand(command, rest, { out: (s) => void (out += s), err: (s) => void (err += s) });
  return { out, err };
}

/**
 * `akconv ARGS...` in-process, as `bin/akconv.js` runs it (the same `main`,
 * its exit code and both streams) without a process and tsx's start-up.
 */
export async function runMain(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { out: (s) => void (stdout += s), err: (s) => void (stderr += s) });
  return { code, stdout, stderr };
}
