import { runCommand } from '../../src/cli/commands';

/** Runs an akconv command in-process and returns what it printed. */
export async function runCli(args: string[]): Promise<{ out: string; err: string }> {
  let out = '';
  let err = '';
  const [command = '', ...rest] = args;
  await runCommand(command, rest, { out: (s) => void (out += s), err: (s) => void (err += s) });
  return { out, err };
}
