// `npm run bench:adopt [-- --quick] [--parallel P] [--rate-limit R] [--connectors N] [--out FILE]`: versori-adopt on a large
// organisation (bench/org.ts: 500 connectors, 1,500 connections) against the emulator command in its own process.
// (a) the packed versori-adopt reading it, timed, its requests against the fewest the API allows; (b) the generated
// program installed as a user would, its first `up` (adopting: no POST, PUT or DELETE), a no-change `preview` and a
// `refresh`, beside the no-op stack at the same N, and `up` again with checkpoints skipped; (c) the same read and
// first `up` against an emulator with --rate-limit R: 429s seen, no request given up; (d) the organisation split by
// tag, each project's first `up`. `--quick` (the CI test) does (a), (b)'s `up`, (c)'s read and (d)'s folders at 120
// connectors. Writes bench/adopt-results.json (after each part) and prints markdown. Every number is from this run.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from '../scripts/engine';
import { EmulatorProcess } from '../scripts/packed-install';
import { adoptedStack, installGenerated, setUpAdoptWorld, stackOf, type AdoptWorld } from './adopt-world';
import { declaredResources, measureOperation, measureRead, type OperationResult, type ReadResult } from './adopt-phases';
import { adoptMarkdown, type AdoptResults, type SplitProject } from './adopt-report';
import { countsOfPlan, minimumReadRequests, planOrganisation, seedOrganisation, SPLIT_TAG, storeOf, TEAMS, type ConnectorPlan } from './org';
import { RESOURCES_PER_GROUP } from './stack';
import { sizeConfig, SKIP_CHECKPOINTS_ENV } from './world';

export interface AdoptBenchOptions {
  quick: boolean;
  parallel: number;
  rateLimit: number;
  /** Connectors of the organisation (default 500, quick 120), to try the run at another size. */
  connectors?: number;
  out: string;
  log?: (line: string) => void;
}

export const SIZES = { full: { connectors: 500, connectionsPerConnector: 3 }, quick: { connectors: 120, connectionsPerConnector: 3 } };
export const DEFAULT_ADOPT_PARALLEL = 32;
/**
 * Requests per second of the throttled emulator: below what the read (sequential) and the first `up --parallel 32`
 * (checkpoints skipped, the engine at its fastest) would send, so that both are throttled throughout.
 */
export const DEFAULT_RATE_LIMIT = 10;
export const DEFAULT_ADOPT_RESULTS_FILE = path.join(REPO_ROOT, 'bench', 'adopt-results.json');
const PROJECT = 'big-org';

interface Context {
  world: AdoptWorld;
  options: AdoptBenchOptions;
  plan: ConnectorPlan[];
  minimum: number;
  results: AdoptResults;
  log: (line: string) => void;
  save: () => void;
}

const parallelArgs = (ctx: Context): string[] => ['--parallel', String(ctx.options.parallel)];
const measuredUp = (ctx: Context) => (stack: ReturnType<typeof stackOf>) => () => stack.up(parallelArgs(ctx), { measure: true });

/** (a) and (b): the read, the generated program's first `up`, and (full) its `preview`, `refresh` and skipped-checkpoint `up`. */
async function adoptUnthrottled(ctx: Context): Promise<string> {
  const { world, results } = ctx;
  const dir = path.join(world.root, 'adopted');
  results.read = await measureRead(world, world.emulator, dir, ['--project', PROJECT], ctx.minimum);
  ctx.log(`  read: ${results.read.seconds} s, ${results.read.total} requests (fewest ${ctx.minimum})`);
  const resources = declaredResources(dir);
  results.organisation.declared = resources;
  results.installSeconds = Number((await installGenerated(world, dir)).toFixed(1));
  ctx.log(`  npm install of the generated folder: ${results.installSeconds} s`);
  // A quick run skips checkpoints (to fit a CI budget); what it checks, the requests, does not depend on them.
  const stack = await adoptedStack(world, dir, 'adopt', world.emulator.target, ctx.options.quick ? SKIP_CHECKPOINTS_ENV : {});
  ctx.log(`  stack configured, ${resources} resources`);
  // The CLI's history counts an adopted resource as created; that nothing was is the request log's to show.
  const importing = { create: resources + 1 };
  results.program.up = await measureOperation(world.emulator, stack, measuredUp(ctx)(stack), importing);
  if (ctx.options.quick) results.program.up.checkpointsSkipped = true;
  ctx.log(`  first up: ${results.program.up.seconds} s, ${results.program.up.mutating} mutating requests`);
  if (results.program.up.mutating !== 0) throw new Error(`bench:adopt: the first up sent ${results.program.up.mutating} mutating requests`);
  ctx.save();
  if (ctx.options.quick) return dir;
  const noChanges = [...parallelArgs(ctx), '--expect-no-changes'];
  results.program.preview = await measureOperation(world.emulator, stack, () => stack.preview(noChanges, { measure: true }));
  results.program.refresh = await measureOperation(world.emulator, stack, () => stack.refresh(noChanges, { measure: true }));
  const skipping = await adoptedStack(world, dir, 'adopt-skip-checkpoints', world.emulator.target, SKIP_CHECKPOINTS_ENV);
  results.program.upSkipCheckpoints = { ...(await measureOperation(world.emulator, skipping, measuredUp(ctx)(skipping), importing)), checkpointsSkipped: true };
  ctx.log(`  preview ${results.program.preview.seconds} s, refresh ${results.program.refresh.seconds} s, up skipping checkpoints ${results.program.upSkipCheckpoints.seconds} s`);
  ctx.save();
  return dir;
}

/** The no-op stack at the same N (rounded to its groups of 5): `up`, `preview`, `refresh`, and `up` skipping checkpoints. */
async function noopFloor(ctx: Context): Promise<void> {
  const { world, results } = ctx;
  if (world.noopDir === undefined) return;
  const resources = Math.round(results.organisation.declared / RESOURCES_PER_GROUP) * RESOURCES_PER_GROUP;
  const floor = async (name: string, env: Record<string, string> = {}) => {
    const stack = stackOf(world, world.noopDir as string, name, env);
    await stack.selectStack({ create: true });
    await stack.setPlainConfig(sizeConfig(resources));
    return stack;
  };
  const stack = await floor('floor');
  const noChanges = [...parallelArgs(ctx), '--expect-no-changes'];
  const up = await measureOperation(world.emulator, stack, measuredUp(ctx)(stack), { create: resources + 1 });
  const preview = await measureOperation(world.emulator, stack, () => stack.preview(noChanges, { measure: true }));
  const refresh = await measureOperation(world.emulator, stack, () => stack.refresh(noChanges, { measure: true }));
  const skipping = await floor('floor-skip-checkpoints', SKIP_CHECKPOINTS_ENV);
  const upSkipCheckpoints = { ...(await measureOperation(world.emulator, skipping, measuredUp(ctx)(skipping), { create: resources + 1 })), checkpointsSkipped: true as const };
  results.floor = { resources, up, preview, refresh, upSkipCheckpoints };
  ctx.log(`  no-op floor N=${resources}: up ${up.seconds} s, preview ${preview.seconds} s, refresh ${refresh.seconds} s, up skipping checkpoints ${upSkipCheckpoints.seconds} s`);
  ctx.save();
}

/** (c): an emulator holding the same organisation with --rate-limit: the read, and (full) the first `up` of a new stack. */
async function adoptThrottled(ctx: Context, adopted: string): Promise<void> {
  const { world, results, options } = ctx;
  const dataFile = path.join(world.root, 'organisation.json');
  fs.writeFileSync(dataFile, await storeOf(world.emulator.target), { mode: 0o600 });
  const args = ['--rate-limit', String(options.rateLimit), '--data', dataFile];
  const limited = await EmulatorProcess.start([world.bin('versori-emulator')], world.tools, { organisationId: world.emulator.target.organisationId, args });
  try {
    const dir = path.join(world.root, 'adopted-throttled');
    const read = await measureRead(world, limited, dir, ['--project', PROJECT], ctx.minimum);
    const sameProgram = fs.readFileSync(path.join(dir, 'index.ts'), 'utf8') === fs.readFileSync(path.join(adopted, 'index.ts'), 'utf8');
    if (!sameProgram || read.throttled === 0) throw new Error(`bench:adopt: the throttled read wrote ${sameProgram ? 'the same' : 'another'} program, ${read.throttled} requests answered 429`);
    results.throttled = { rateLimit: options.rateLimit, read, sameProgram };
    ctx.log(`  read at ${options.rateLimit}/s: ${read.seconds} s, ${read.throttled} answered 429, none given up`);
    ctx.save();
    if (options.quick) return;
    // Checkpoints skipped: the engine at its fastest presses hardest on the limit (and the run is shorter).
    const stack = await adoptedStack(world, adopted, 'adopt-throttled', limited.target, SKIP_CHECKPOINTS_ENV);
    const up = { ...(await measureOperation(limited, stack, measuredUp(ctx)(stack), { create: results.organisation.declared + 1 })), checkpointsSkipped: true as const };
    if (up.mutating !== 0 || up.throttled === 0) throw new Error(`bench:adopt: the throttled up sent ${up.mutating} mutating requests, ${up.throttled} answered 429`);
    results.throttled.up = up;
    ctx.log(`  first up at ${options.rateLimit}/s: ${up.seconds} s, ${up.throttled} answered 429, none given up`);
    ctx.save();
  } finally {
    await limited.stop();
  }
}

/** (d): the organisation split by tag; each project's folder, and (full) its first `up`. */
async function adoptSplit(ctx: Context): Promise<void> {
  const { world, results } = ctx;
  const dir = path.join(world.root, 'split');
  const read = await measureRead(world, world.emulator, dir, ['--project', PROJECT, '--split-by-tag', SPLIT_TAG], ctx.minimum);
  const folders = fs.readdirSync(dir).filter((name) => fs.statSync(path.join(dir, name)).isDirectory()).sort();
  const expected = [...TEAMS, ...(ctx.plan.some((c) => c.team === undefined) ? [`without-${SPLIT_TAG}`] : [])].sort();
  if (folders.join() !== expected.join()) throw new Error(`bench:adopt: the split wrote ${folders.join(', ')}, expected ${expected.join(', ')}`);
  const projects: SplitProject[] = folders.map((folder) => ({
    folder,
    connectors: ctx.plan.filter((c) => (c.team ?? `without-${SPLIT_TAG}`) === folder).length,
    resources: declaredResources(path.join(dir, folder)),
  }));
  const total = projects.reduce((n, p) => n + p.resources, 0);
  if (total !== results.organisation.declared) throw new Error(`bench:adopt: the split declares ${total} resources, the whole ${results.organisation.declared}`);
  results.split = { tag: SPLIT_TAG, readSeconds: read.seconds, requests: read.total, projects };
  ctx.save();
  if (ctx.options.quick) return;
  for (const project of projects) {
    const folder = path.join(dir, project.folder);
    await installGenerated(world, folder);
    const stack = await adoptedStack(world, folder, 'adopt', world.emulator.target);
    project.up = await measureOperation(world.emulator, stack, measuredUp(ctx)(stack), { create: project.resources + 1 });
    if (project.up.mutating !== 0) throw new Error(`bench:adopt: ${project.folder}'s first up sent ${project.up.mutating} mutating requests`);
    ctx.log(`  split ${project.folder}: ${project.resources} resources, first up ${project.up.seconds} s`);
    ctx.save();
  }
}

function emptyResults(options: AdoptBenchOptions, plan: ConnectorPlan[], minimum: number): AdoptResults {
  const cpus = os.cpus();
  return {
    startedAt: new Date().toISOString(),
    totalSeconds: null,
    quick: options.quick,
    parallel: options.parallel,
    host: { cpus: cpus.length, cpuModel: cpus[0]?.model.trim() ?? 'unknown', loadAverage: os.loadavg(), node: process.version, platform: `${os.platform()}-${os.arch()}` },
    organisation: { ...countsOfPlan(plan), declared: 0, minimumReadRequests: minimum },
    program: {},
  };
}

export async function runAdoptBench(options: AdoptBenchOptions): Promise<AdoptResults> {
  const started = process.hrtime.bigint();
  const elapsed = () => `${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(0).padStart(5)} s`;
  const log = options.log ?? ((line: string) => process.stderr.write(`${elapsed()} ${line}\n`));
  const size = options.quick ? SIZES.quick : SIZES.full;
  const plan = planOrganisation(options.connectors ?? size.connectors, size.connectionsPerConnector);
  const minimum = minimumReadRequests(plan);
  const results = emptyResults(options, plan, minimum);
  const save = () => {
    results.totalSeconds = Number((Number(process.hrtime.bigint() - started) / 1e9).toFixed(1));
    fs.mkdirSync(path.dirname(options.out), { recursive: true });
    fs.writeFileSync(options.out, `${JSON.stringify(results, null, 2)}\n`);
  };
  const world = await setUpAdoptWorld(!options.quick, log);
  try {
    log(`  seeding ${plan.length} connectors`);
    await seedOrganisation(world.emulator.target, plan);
    const ctx: Context = { world, options, plan, minimum, results, log, save };
    const adopted = await adoptUnthrottled(ctx);
    await noopFloor(ctx);
    await adoptThrottled(ctx, adopted);
    await adoptSplit(ctx);
    results.complete = true;
    save();
  } finally {
    await world.close();
  }
  return results;
}

export function adoptOptionsFromArgs(argv: string[]): AdoptBenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      parallel: { type: 'string' },
      'rate-limit': { type: 'string' },
      connectors: { type: 'string' },
      out: { type: 'string' },
    },
    strict: true,
  });
  const quick = values.quick === true;
  const positive = (text: string | undefined, fallback: number, flag: string): number => {
    const value = text === undefined ? fallback : Number(text);
    if (!Number.isInteger(value) || value < 1) throw new Error(`${flag} must be a positive integer, got ${text}`);
    return value;
  };
  return {
    quick,
    parallel: positive(values.parallel, DEFAULT_ADOPT_PARALLEL, '--parallel'),
    rateLimit: positive(values['rate-limit'], DEFAULT_RATE_LIMIT, '--rate-limit'),
    ...(values.connectors !== undefined && { connectors: positive(values.connectors, 0, '--connectors') }),
    out: path.resolve(values.out ?? DEFAULT_ADOPT_RESULTS_FILE),
  };
}

async function main(): Promise<void> {
  const options = adoptOptionsFromArgs(process.argv.slice(2));
  const results = await runAdoptBench(options);
  process.stdout.write(`${adoptMarkdown(results)}\n\nresults: ${path.relative(process.cwd(), options.out) || options.out}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`bench:adopt: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
