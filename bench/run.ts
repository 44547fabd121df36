/**
 * `npm run bench [-- --sizes 1000,10000 --runs 3 --stall-runs 10 --query-runs 20 --fuse-queries 5 --fuse-targets 3 --seed 42 --out FILE --markdown
 *                   --no-activation --activation-runs 5 --node current]`
 *
 * Generates (or reuses) the corpora, measures each size in its own Node process (a clean heap,
 * `--expose-gc`), prints a table per size, then measures activation in a real VS Code extension
 * host (bench/activation.ts; "not measured" when the VS Code server is not provisioned), and
 * writes `bench/results.json`. `npm run bench` runs this on Node 24, the extension host's runtime
 * (scripts/bench.mjs provisions it); `--node current` runs it on the Node that runs npm.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { activationBench, type ActivationResult } from './activation';
import { calibrate } from './calibrate';
import { benchDir } from './generate';
import { canGc } from './measure';
import { activationRows, notMeasuredLine, rows, table } from './report';
import { benchSize } from './sizeBench';

interface Args {
  sizes: number[];
  runs: number | null;
  stallRuns: number | null;
  queryRuns: number | null;
  fuseQueries: number | null;
  fuseTargets: number | null;
  seed: number;
  out: string;
  markdown: boolean;
  child: boolean;
  result: string;
  activation: boolean;
  activationRuns: number;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { sizes: [1000, 10_000, 100_000], runs: null, stallRuns: null, queryRuns: null, fuseQueries: null, fuseTargets: null, seed: 42, out: path.join(benchDir(), 'results.json'), markdown: false, child: false, result: '', activation: true, activationRuns: 5 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = (): string => inline ?? argv[++i];
    if (flag === '--sizes') args.sizes = value().split(',').map((s) => Math.round(Number(s.replace(/k$/i, '000'))));
    else if (flag === '--runs') args.runs = Number(value());
    else if (flag === '--stall-runs') args.stallRuns = Number(value());
    else if (flag === '--query-runs') args.queryRuns = Number(value());
    else if (flag === '--fuse-queries') args.fuseQueries = Number(value());
    else if (flag === '--fuse-targets') args.fuseTargets = Number(value());
    else if (flag === '--seed') args.seed = Number(value());
    else if (flag === '--out') args.out = path.resolve(value());
    else if (flag === '--markdown') args.markdown = true;
    else if (flag === '--child') args.child = true;
    else if (flag === '--result') args.result = value();
    else if (flag === '--no-activation') args.activation = false;
    else if (flag === '--activation-runs') args.activationRuns = Number(value());
    else throw new Error(`unknown flag ${argv[i]} (use --sizes 1000,10000 --runs N --stall-runs N --query-runs N --fuse-queries N --fuse-targets N --seed N --out FILE --markdown --no-activation --activation-runs N)`);
  }
  if (args.sizes.some((n) => !Number.isFinite(n) || n < 10) || (args.runs !== null && !(args.runs >= 1)) || (args.stallRuns !== null && !(Number.isInteger(args.stallRuns) && args.stallRuns >= 0))) throw new Error('bad --sizes, --runs or --stall-runs');
  if (!Number.isInteger(args.activationRuns) || args.activationRuns < 1) throw new Error('bad --activation-runs');
  return args;
}

/** The issue's activation target is "at 10k papers". */
const ACTIVATION_PAPERS = 10_000;

/**
 * Defaults: fewer repetitions as the corpus grows (a 100k cold build takes tens of seconds). Long
 * stalls are rare (about one 100k build in ten): `stallRuns` more cold builds count them.
 */
const defaults = (n: number): { runs: number; stallRuns: number; queryRuns: number; fuseRuns: number; fuseQueries: number; fuseTargets: number } =>
  n <= 1000 ? { runs: 10, stallRuns: 10, queryRuns: 50, fuseRuns: 3, fuseQueries: 40, fuseTargets: 30 }
    : n <= 10_000 ? { runs: 5, stallRuns: 10, queryRuns: 30, fuseRuns: 1, fuseQueries: 16, fuseTargets: 15 }
      : { runs: 3, stallRuns: 10, queryRuns: 20, fuseRuns: 1, fuseQueries: 5, fuseTargets: 3 };

async function child(args: Args): Promise<void> {
  const n = args.sizes[0];
  const d = defaults(n);
  const result = await benchSize({
    n, seed: args.seed, runs: args.runs ?? d.runs, stallRuns: args.stallRuns ?? d.stallRuns, queryRuns: args.queryRuns ?? d.queryRuns, fuseRuns: Math.min(d.fuseRuns, args.queryRuns ?? d.fuseRuns), fuseQueries: args.fuseQueries ?? d.fuseQueries, fuseTargets: args.fuseTargets ?? d.fuseTargets,
    log: (m) => process.stderr.write(`${m}\n`),
  });
  fs.writeFileSync(args.result, JSON.stringify({ ...result, gcExposed: canGc, loadAvgAfter: os.loadavg().map((x) => Math.round(x * 100) / 100) }));
}

function machine(): Record<string, unknown> {
  const cpus = os.cpus();
  return {
    cpus: cpus.length, cpuModel: cpus[0]?.model ?? 'unknown', memGB: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version, v8: process.versions.v8, platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.child) return child(args);
  const started = new Date();
  const command = `node out/bench/run.js ${process.argv.slice(2).join(' ')}`.trim();
  const loadBefore = os.loadavg().map((x) => Math.round(x * 100) / 100);
  const speedBefore = calibrate();
  process.stderr.write(`litnotes bench: sizes ${args.sizes.join(', ')}, seed ${args.seed}, load average ${loadBefore.join(' ')}, machine speed ${speedBefore} ms (bench/calibrate.ts)\n`);
  const results: Record<string, unknown>[] = [];
  for (const n of args.sizes) {
    const resultFile = path.join(os.tmpdir(), `litnotes-bench-${process.pid}-${n}.json`);
    const childArgs = ['--expose-gc', '--max-old-space-size=8192', __filename, '--child', '--sizes', String(n), '--seed', String(args.seed), '--result', resultFile];
    if (args.runs !== null) childArgs.push('--runs', String(args.runs));
    if (args.stallRuns !== null) childArgs.push('--stall-runs', String(args.stallRuns));
    if (args.queryRuns !== null) childArgs.push('--query-runs', String(args.queryRuns));
    if (args.fuseQueries !== null) childArgs.push('--fuse-queries', String(args.fuseQueries));
    if (args.fuseTargets !== null) childArgs.push('--fuse-targets', String(args.fuseTargets));
    const t0 = Date.now();
    execFileSync(process.execPath, childArgs, { stdio: ['ignore', 'inherit', 'inherit'] });
    const result = { ...JSON.parse(fs.readFileSync(resultFile, 'utf8')), benchSeconds: Math.round((Date.now() - t0) / 1000) };
    fs.rmSync(resultFile, { force: true });
    results.push(result);
    process.stdout.write(`\n${table(`${n.toLocaleString('en-US')} papers (${result.benchSeconds} s, load avg after ${result.loadAvgAfter.join(' ')})`, rows(result), args.markdown)}\n\n`);
  }
  let activation: ActivationResult | { skipped: '--no-activation' } = { skipped: '--no-activation' };
  if (args.activation) {
    activation = await activationBench({ runs: args.activationRuns, papers: ACTIVATION_PAPERS, seed: args.seed, log: (m) => process.stderr.write(`${m}\n`) });
    if (activation.measured) {
      const title = `activation in a real VS Code extension host (${activation.runsPerWorkspace} cold + ${activation.runsPerWorkspace} warm starts per workspace, ${activation.seconds} s, load avg after ${os.loadavg().map((x) => x.toFixed(2)).join(' ')})`;
      process.stdout.write(`\n${table(title, activationRows(activation), args.markdown)}\n\n`);
    } else {
      process.stdout.write(`\n${notMeasuredLine(activation)}\n\n`);
    }
  }
  const speed = { beforeMs: speedBefore, afterMs: calibrate() };
  process.stdout.write(`machine speed (bench/calibrate.ts: a fixed workload, ms; lower is faster): ${speed.beforeMs} before, ${speed.afterMs} after\n`);
  const report = {
    date: started.toISOString(), command, seed: args.seed, machine: { ...machine(), speed },
    loadAverage: { before: loadBefore, after: os.loadavg().map((x) => Math.round(x * 100) / 100) },
    totalSeconds: Math.round((Date.now() - started.getTime()) / 1000), sizes: results, activation,
  };
  fs.writeFileSync(args.out, JSON.stringify(report, null, 1) + '\n');
  process.stderr.write(`wrote ${path.relative(process.cwd(), args.out)} (${report.totalSeconds} s)\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
