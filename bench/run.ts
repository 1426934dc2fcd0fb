// `npm run bench [-- --quick] [--parallel P] [--out FILE]`: what each Versori resource costs through Pulumi, on the
// path users run (the packed package installed into a program folder, the bare CLI), against two floors measured in
// the same run: the engine's (a stack of as many no-op dynamic resources) and the API's (the same requests sent
// straight over HTTP). Also the state per resource and our CPU per create in the dynamic-provider process. Writes
// bench/results.json and prints markdown. Every number comes from this run.
import * as os from 'os';
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from '../scripts/engine';
import { measureCpu, type CpuResult } from './cpu';
import { checksOf, markdown, ratiosOf, type BenchResults, type ScenarioResult } from './report';
import { runFloors, runStack, type StackResult } from './scenario';
import { benchGroups, countsOf } from './stack';
import { measureVersionRequests, type VersionRequests } from './versions';
import { setUpWorld, sizeConfig, SKIP_CHECKPOINTS_ENV, STACK_KINDS, type BenchWorld } from './world';

/** Sizes run at each latency, with the CLI's checkpoints saved (Pulumi's default) or skipped. */
export interface PlanStep {
  resources: number;
  latenciesMs: number[];
  skipCheckpoints: boolean;
}

export const FULL_PLAN: PlanStep[] = [
  { resources: 0, latenciesMs: [0], skipCheckpoints: false },
  { resources: 30, latenciesMs: [0, 100], skipCheckpoints: false },
  { resources: 300, latenciesMs: [0, 100], skipCheckpoints: false },
  { resources: 1000, latenciesMs: [0], skipCheckpoints: false },
  { resources: 300, latenciesMs: [0], skipCheckpoints: true },
  { resources: 1000, latenciesMs: [0], skipCheckpoints: true },
];
export const QUICK_PLAN: PlanStep[] = [{ resources: 30, latenciesMs: [0, 100], skipCheckpoints: false }];
/** Stack size of the CPU measurement. */
export const CPU_RESOURCES = { full: 300, quick: 30 };
export const DEFAULT_PARALLEL = 16;
export const DEFAULT_RESULTS_FILE = path.join(REPO_ROOT, 'bench', 'results.json');

export interface BenchOptions {
  quick: boolean;
  parallel: number;
  out: string;
  log?: (line: string) => void;
}

function logStack(log: (line: string) => void, label: string, result: StackResult): void {
  const phases = Object.entries(result.phases).map(([phase, r]) => `${phase} ${r.seconds} s`);
  log(`  ${label}: ${phases.join(', ')}; state ${result.state.bytesPerResource ?? '-'} B/resource`);
}

/** One plan step: the no-op stack once (it sends no request, so latency does not apply), then per latency the API floor and our stack. */
async function runStep(world: BenchWorld, step: PlanStep, parallel: number, log: (line: string) => void): Promise<ScenarioResult[]> {
  const groups = benchGroups(step.resources);
  const env = step.skipCheckpoints ? SKIP_CHECKPOINTS_ENV : {};
  const mode = step.skipCheckpoints ? ' skip-checkpoints' : '';
  await world.emulator.setLatency(0);
  await world.emulator.reset();
  const noop = await runStack(world, 'noop', world.stack('noop', env), groups, parallel);
  logStack(log, `N=${step.resources}${mode} no-op`, noop);
  const scenarios: ScenarioResult[] = [];
  for (const latencyMs of step.latenciesMs) {
    await world.emulator.setLatency(latencyMs);
    await world.emulator.reset();
    const floor = await runFloors(world, groups, parallel);
    const versori = await runStack(world, 'versori', world.stack('versori', env), groups, parallel);
    logStack(log, `N=${step.resources} @${latencyMs}ms${mode} ours (floor up ${floor.up.seconds} s)`, versori);
    scenarios.push({
      resources: step.resources,
      latencyMs,
      parallel,
      skipCheckpoints: step.skipCheckpoints,
      objects: countsOf(groups),
      versori: versori.phases,
      noop: noop.phases,
      floor,
      ratios: ratiosOf(versori.phases, noop.phases, floor),
      state: versori.state,
      noopState: noop.state,
    });
  }
  return scenarios;
}

/** Untimed: the first Pulumi runs of a world pay for cold caches (CLI, plugins, modules) that no later one does. */
async function warmUp(world: BenchWorld): Promise<void> {
  for (const kind of STACK_KINDS) {
    const stack = world.stack(kind);
    await stack.setPlainConfig(sizeConfig(0));
    await stack.up();
    await stack.destroy();
  }
}

export async function runBench(options: BenchOptions): Promise<BenchResults> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const started = process.hrtime.bigint();
  const startedAt = new Date().toISOString();
  const loadAverage = os.loadavg();
  const world = await setUpWorld(log);
  const scenarios: ScenarioResult[] = [];
  let cpu: CpuResult;
  let versionRequests: VersionRequests;
  try {
    log('  warm-up (not recorded)');
    await warmUp(world);
    for (const step of options.quick ? QUICK_PLAN : FULL_PLAN) scenarios.push(...(await runStep(world, step, options.parallel, log)));
    const cpuResources = options.quick ? CPU_RESOURCES.quick : CPU_RESOURCES.full;
    log(`  CPU by process and per create, N=${cpuResources}`);
    cpu = await measureCpu(world, cpuResources, options.parallel);
    log('  examples/versions: requests by phase');
    await world.emulator.setLatency(0);
    await world.emulator.reset();
    versionRequests = await measureVersionRequests(await world.versionsStack(), world.emulator);
  } finally {
    await world.close();
  }
  const results: BenchResults = {
    startedAt,
    totalSeconds: Number((Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)),
    quick: options.quick,
    parallel: options.parallel,
    host: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
      loadAverage,
      node: process.version,
      platform: `${os.platform()}-${os.arch()}`,
      pulumiCli: world.versions.cli,
      pulumiSdk: world.versions.sdk,
    },
    scenarios,
    cpu,
    versionRequests,
    checks: checksOf(scenarios, cpu, versionRequests),
  };
  fs.mkdirSync(path.dirname(options.out), { recursive: true });
  fs.writeFileSync(options.out, `${JSON.stringify(results, null, 2)}\n`);
  return results;
}

export function optionsFromArgs(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      parallel: { type: 'string' },
      out: { type: 'string' },
    },
    strict: true,
  });
  const parallel = values.parallel === undefined ? DEFAULT_PARALLEL : Number(values.parallel);
  if (!Number.isInteger(parallel) || parallel < 1) throw new Error(`--parallel must be a positive integer, got ${values.parallel}`);
  return { quick: values.quick === true, parallel, out: path.resolve(values.out ?? DEFAULT_RESULTS_FILE) };
}

async function main(): Promise<void> {
  const options = optionsFromArgs(process.argv.slice(2));
  const results = await runBench(options);
  process.stdout.write(`${markdown(results)}\n\nresults: ${path.relative(process.cwd(), options.out) || options.out}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
