/**
 * `akconv`: the playground's model on the command line (Node, tfjs wasm
 * backend); `akconv --help` prints the commands and their options.
 *
 * Every error, bad options included, is one readable line on stderr and
 * exit code 2.
 *
 * `main` touches no process state: `bin/akconv.js` hands it the arguments and
 * the process's streams and sets the exit code, so tests can run the whole
 * command line in-process (a spawn costs seconds of tsx start-up).
 */
import { runCommand, type Output } from './commands';

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

/**
 * Runs `akconv ARGV...` and returns its exit code; `debug` (AKCONV_DEBUG)
 * adds an error's stack after its line.
 */
export async function main(argv: string[], io: Output, debug = false): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    io.out(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  try {
    await runCommand(command, rest, io);
    return 0;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    io.err(`akconv ${command}: ${message.split('\n')[0]}\n`);
    if (debug && e instanceof Error) io.err(`${e.stack}\n`);
    return 2;
  }
}
