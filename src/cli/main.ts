/**
 * `akconv`: the playground's model on the command line (Node, tfjs wasm backend).
 *
 *   akconv info <config.yaml | weights> [--scale n|s|m|l|x] [--json]
 *   akconv predict --weights W --source IMAGE|DIR [--imgsz 640] [--conf 0.25] [--iou 0.45] [--grid xy|ij] [--json FILE]
 *   akconv val --weights W --data DIR [--split val2017] [--imgsz 640] [--conf 0.001] [--iou 0.6] [--json]
 *   akconv convert IN.pt OUT.safetensors [--fp32] [--grid xy|ij]
 *   akconv offsets --weights W --source IMAGE|DIR [--imgsz 640] [--grid xy|ij] [--json]
 *
 * Every error is one readable line on stderr and exit code 2.
 */
import { runCommand, UsageError } from './commands';

const USAGE = `usage:
  akconv info <config.yaml | weights> [--scale n|s|m|l|x] [--json]
  akconv predict --weights W --source IMAGE|DIR [--imgsz 640] [--conf 0.25] [--iou 0.45] [--grid xy|ij] [--json FILE]
  akconv val --weights W --data DIR [--split val2017] [--imgsz 640] [--conf 0.001] [--iou 0.6] [--json [FILE]]
  akconv convert IN.pt OUT.safetensors [--fp32] [--grid xy|ij]
  akconv offsets --weights W --source IMAGE|DIR [--imgsz 640] [--grid xy|ij] [--json]`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  try {
    await runCommand(command, rest, { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) });
    return 0;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(`akconv ${command}: ${message.split('\n')[0]}\n`);
    if (e instanceof UsageError) process.stderr.write(`${USAGE}\n`);
    if (process.env['AKCONV_DEBUG'] && e instanceof Error) process.stderr.write(`${e.stack}\n`);
    return 2;
  }
}

process.exitCode = await main(process.argv.slice(2));
