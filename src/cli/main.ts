/**
 * `akconv`: the playground's model on the command line (Node, tfjs wasm
 * backend); `akconv --help` prints the commands and their options.
 *
 * Every error, bad options included, is one readable line on stderr and
 * exit code 2.
 */
import { runCommand } from './commands';

const USAGE = `usage:
  akconv info <config.yaml | weights> [--scale n|s|m|l|x] [--json]
  akconv predict --weights W --source IMAGE|DIR|GLOB [--imgsz 640] [--conf 0.25] [--iou 0.45] [--grid xy|ij] [--json FILE]
                 [--max-det 300] [--classes C ...] [--agnostic-nms]
                 [--save] [--save-txt [--save-conf]] [--save-crop] [--hide-labels] [--hide-conf] [--line-thickness N]
                 [--project runs/predict] [--name exp] [--exist-ok]
  akconv val --weights W --data DIR [--split val2017] [--imgsz 640] [--conf 0.001] [--iou 0.6] [--json] [--save FILE]
             [--batch-size 32] [--no-rect] [--verbose] [--save-json] [--project runs/val] [--name exp] [--exist-ok]
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
    if (process.env['AKCONV_DEBUG'] && e instanceof Error) process.stderr.write(`${e.stack}\n`);
    return 2;
  }
}

process.exitCode = await main(process.argv.slice(2));
