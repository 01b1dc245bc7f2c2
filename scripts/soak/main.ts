/**
 * `npm run soak -- --actions 1000 --seed 7 [--dist DIR] [--start QUERY]`
 * (or `--sequence camera,openImage` to replay given action kinds in order):
 * a seeded soak of random user actions in the production build (see
 * docs/soak.md). Progress goes to stderr; stdout gets one JSON summary.
 * Exits 1 when an invariant was violated, 2 on a usage error.
 */
import type { ActionKind } from './actions';
import { ACTIONS } from './actions';
import { runSoak } from './runner';

interface Args {
  actions: number;
  seed: number;
  dist?: string;
  startQuery?: string;
  sequence?: ActionKind[];
  quiet: boolean;
}

function kind(name: string): ActionKind {
  if (!Object.hasOwn(ACTIONS, name)) throw new Error(`Unknown action "${name}" (actions: ${Object.keys(ACTIONS).join(', ')}).`);
  return name as ActionKind;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { actions: 150, seed: 1, quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    const need = (): string => {
      if (value === undefined) throw new Error(`${flag} needs a value.`);
      i++;
      return value;
    };
    const whole = (text: string): number => {
      if (!/^\d{1,9}$/.test(text)) throw new Error(`${flag} expects a whole number, got "${text}".`);
      return Number(text);
    };
    if (flag === '--actions') args.actions = whole(need());
    else if (flag === '--seed') args.seed = whole(need());
    else if (flag === '--dist') args.dist = need();
    else if (flag === '--start') args.startQuery = need();
    else if (flag === '--sequence') args.sequence = need().split(',').map(kind);
    else if (flag === '--quiet') args.quiet = true;
    else throw new Error(`Unknown option ${flag} (options: --actions N, --seed S, --dist DIR, --start QUERY, --sequence KIND,KIND,..., --quiet).`);
  }
  return args;
}

async function main(): Promise<void> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(2);
  }
  const summary = await runSoak({ ...args, ...(args.quiet ? {} : { log: (line: string) => process.stderr.write(`${line}\n`) }) });
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  process.exit(summary.violations.length ? 1 : 0);
}

void main();
