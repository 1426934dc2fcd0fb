// `npm run bench [-- --quick] [--parallel P] [--out FILE]`: times the stack's lifecycle through the real Pulumi
// CLI against the emulator (in its own process, with 0 ms and 100 ms latency), counts the API requests of each
// phase from the emulator's request log, measures the state, and compares `up` with the floor: the same creates
// sent straight to the API. Writes bench/results.json and prints a markdown table. Every number comes from this run.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs } from 'node:util';
import type * as auto from '@pulumi/pulumi/automation';
import { offlineStack, REPO_ROOT, runPulumi } from '../scripts/engine';
import { listAllConnectors, platformCounts, type PlatformCounts } from '../scripts/platform';
import { countByOperation, startEmulatorProcess, type EmulatorProcess, type LoggedRequest } from './emulator-process';
import { runFloor } from './floor';
import { benchGroups, benchProgram, countsOf, totalOf, type StackCounts } from './stack';

export const FULL_SIZES = [0, 30, 150, 300];
export const QUICK_SIZES = [0, 30];
export const LATENCIES_MS = [0, 100];
export const DEFAULT_PARALLEL = 16;
export const DEFAULT_RESULTS_FILE = path.join(REPO_ROOT, 'bench', 'results.json');
export const PHASES = ['up', 'noopUp', 'preview', 'refresh', 'destroy', 'floor'] as const;
export type Phase = (typeof PHASES)[number];

export interface ScenarioResult {
  resources: number;
  latencyMs: number;
  parallel: number;
  upSeconds: number;
  noopUpSeconds: number;
  previewSeconds: number;
  refreshSeconds: number;
  destroySeconds: number;
  floorSeconds: number;
  /** Requests by operation (`METHOD /path/template`) for each phase. */
  requests: Record<Phase, Record<string, number>>;
  /** Bytes of `pulumi stack export` after `up`, divided by the resources (null for an empty stack). */
  stateBytesPerResource: number | null;
  /** Bytes of the largest serialized dynamic provider (`__provider`) of one resource (null for an empty stack). */
  providerBytes: number | null;
  stateBytes: number;
  objects: StackCounts;
}

export interface Check {
  target: string;
  measured: string;
  met: boolean;
}

export interface BenchResults {
  startedAt: string;
  totalSeconds: number;
  quick: boolean;
  parallel: number;
  host: { cpus: number; node: string; platform: string };
  scenarios: ScenarioResult[];
  summary: {
    /** (up(300) - up(30)) / (floor(300) - floor(30)) at 100 ms; null when the run lacks those scenarios. */
    marginalRatio: number | null;
    /** Each phase's time at N = 300 divided by its time at N = 30, per latency. */
    growth: Array<{ latencyMs: number } & Record<Exclude<Phase, 'floor'>, number>>;
    checks: Check[];
  };
}

export interface BenchOptions {
  quick: boolean;
  parallel: number;
  out: string;
  log?: (line: string) => void;
}

const total = (counts: Record<string, number>): number => Object.values(counts).reduce((a, b) => a + b, 0);
const MUTATING = /^(POST|PUT|PATCH|DELETE) /;
const mutating = (counts: Record<string, number>): number =>
  Object.entries(counts).reduce((n, [op, count]) => (MUTATING.test(op) ? n + count : n), 0);
const round = (value: number, digits = 2): number => Number(value.toFixed(digits));

async function timed<T>(action: () => Promise<T>): Promise<{ seconds: number; value: T }> {
  const started = process.hrtime.bigint();
  const value = await action();
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, value };
}

function sameCounts(actual: PlatformCounts, expected: StackCounts, when: string): void {
  if (actual.connectors !== expected.connectors || actual.authSchemeConfigs !== expected.authSchemeConfigs || actual.connections !== expected.connections) {
    throw new Error(`${when}: the platform holds ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
  }
}

function changesOtherThanSame(changes: Record<string, number> | undefined): Record<string, number> {
  return Object.fromEntries(Object.entries(changes ?? {}).filter(([op, n]) => op !== 'same' && n > 0));
}

interface StateSize {
  stateBytes: number;
  providerBytes: number | null;
}

async function measureState(stack: auto.Stack): Promise<StateSize> {
  const exported = await runPulumi(stack, ['stack', 'export']);
  const deployment = (JSON.parse(exported) as { deployment?: { resources?: Array<{ inputs?: Record<string, unknown> }> } }).deployment;
  const providers = (deployment?.resources ?? [])
    .map((resource) => resource.inputs?.__provider)
    .filter((provider): provider is string => typeof provider === 'string')
    .map((provider) => Buffer.byteLength(provider, 'utf8'));
  return {
    stateBytes: Buffer.byteLength(exported, 'utf8'),
    providerBytes: providers.length === 0 ? null : Math.max(...providers),
  };
}

async function runScenario(
  emulator: EmulatorProcess,
  scratch: string,
  resources: number,
  latencyMs: number,
  parallel: number,
  log: (line: string) => void,
): Promise<ScenarioResult> {
  const groups = benchGroups(resources);
  const expected = countsOf(groups);
  const label = `N=${resources} latency=${latencyMs}ms`;
  await emulator.setLatency(latencyMs);
  const requests = {} as Record<Phase, Record<string, number>>;
  const measure = async <T>(phase: Phase, action: () => Promise<T>): Promise<{ seconds: number; value: T }> => {
    const mark = emulator.mark();
    const result = await timed(action);
    requests[phase] = countByOperation(emulator.requestsSince(mark));
    log(`  ${label} ${phase}: ${result.seconds.toFixed(2)} s, ${total(requests[phase])} requests`);
    return result;
  };

  // The floor: the same objects, created straight over HTTP.
  await emulator.reset();
  const floor = await measure('floor', () => runFloor(emulator.target, groups, parallel));
  sameCounts(await platformCounts(emulator.target), expected, `${label} after the floor`);
  await emulator.reset();

  const workDir = path.join(REPO_ROOT, '.work', `bench-${process.pid}-${resources}-${latencyMs}`);
  try {
    const stack = await offlineStack({
      projectName: 'versori-bench',
      stackName: `bench-${resources}-${latencyMs}`,
      workDir,
      backendDir: path.join(scratch, `backend-${resources}-${latencyMs}`),
      program: benchProgram(groups),
      config: {
        'versori:token': { value: emulator.target.token, secret: true },
        'versori:organisationId': { value: emulator.target.organisationId },
        'versori:baseUrl': { value: emulator.target.baseUrl },
      },
    });

    const up = await measure('up', () => stack.up({ parallel }));
    const created = up.value.summary.resourceChanges?.create ?? 0;
    // The stack resource itself is created too.
    if (created !== resources + 1) throw new Error(`${label}: up created ${created} resources, expected ${resources + 1}`);
    sameCounts(await platformCounts(emulator.target), expected, `${label} after up`);
    const state = await measureState(stack);

    const noop = await measure('noopUp', () => stack.up({ parallel }));
    const noopChanges = changesOtherThanSame(noop.value.summary.resourceChanges);
    if (Object.keys(noopChanges).length > 0) throw new Error(`${label}: the no-change up changed ${JSON.stringify(noopChanges)}`);

    const preview = await measure('preview', () => stack.preview({ parallel }));
    const previewChanges = changesOtherThanSame(preview.value.changeSummary);
    if (Object.keys(previewChanges).length > 0) throw new Error(`${label}: preview planned ${JSON.stringify(previewChanges)}`);

    const refresh = await measure('refresh', () => stack.refresh({ parallel }));
    const refreshChanges = changesOtherThanSame(refresh.value.summary.resourceChanges);
    if (Object.keys(refreshChanges).length > 0) throw new Error(`${label}: refresh found changes ${JSON.stringify(refreshChanges)}`);

    const destroy = await measure('destroy', () => stack.destroy({ parallel }));
    if ((await listAllConnectors(emulator.target)).length !== 0) throw new Error(`${label}: destroy left connectors behind`);
    await stack.workspace.removeStack(stack.name);

    return {
      resources,
      latencyMs,
      parallel,
      upSeconds: round(up.seconds),
      noopUpSeconds: round(noop.seconds),
      previewSeconds: round(preview.seconds),
      refreshSeconds: round(refresh.seconds),
      destroySeconds: round(destroy.seconds),
      floorSeconds: round(floor.seconds, 3),
      requests,
      stateBytesPerResource: resources === 0 ? null : Math.round(state.stateBytes / resources),
      providerBytes: state.providerBytes,
      stateBytes: state.stateBytes,
      objects: expected,
    };
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

const PROVIDER_BYTES_LIMIT = 8 * 1024;
const MARGINAL_RATIO_LIMIT = 1.5;
const GROWTH_LIMIT = 12;

/** Compares each scenario with the targets of the benchmark. */
export function summarize(scenarios: ScenarioResult[]): BenchResults['summary'] {
  const checks: Check[] = [];
  for (const s of scenarios) {
    const label = `N=${s.resources} @${s.latencyMs}ms`;
    const expected: Record<Exclude<Phase, 'floor'>, number> = {
      up: s.resources,
      noopUp: 0,
      preview: 0,
      refresh: s.resources,
      destroy: s.resources,
    };
    for (const [phase, want] of Object.entries(expected) as Array<[Exclude<Phase, 'floor'>, number]>) {
      const got = total(s.requests[phase]);
      checks.push({ target: `${label} ${phase}: ${want} requests`, measured: `${got} (${mutating(s.requests[phase])} mutating)`, met: got === want });
    }
    checks.push({
      target: `${label} floor: ${s.resources} requests`,
      measured: String(total(s.requests.floor)),
      met: total(s.requests.floor) === s.resources,
    });
    if (s.providerBytes !== null) {
      checks.push({ target: `${label} serialized provider <= 8 KB`, measured: `${s.providerBytes} B`, met: s.providerBytes <= PROVIDER_BYTES_LIMIT });
    }
  }
  const find = (resources: number, latencyMs: number) => scenarios.find((s) => s.resources === resources && s.latencyMs === latencyMs);
  let marginalRatio: number | null = null;
  const at30 = find(30, 100);
  const at300 = find(300, 100);
  if (at30 !== undefined && at300 !== undefined) {
    marginalRatio = round((at300.upSeconds - at30.upSeconds) / (at300.floorSeconds - at30.floorSeconds));
    checks.push({
      target: `marginalRatio <= ${MARGINAL_RATIO_LIMIT}`,
      measured: `(${at300.upSeconds} - ${at30.upSeconds}) / (${at300.floorSeconds} - ${at30.floorSeconds}) = ${marginalRatio}`,
      met: marginalRatio <= MARGINAL_RATIO_LIMIT,
    });
  }
  const growth: BenchResults['summary']['growth'] = [];
  for (const latencyMs of LATENCIES_MS) {
    const small = find(30, latencyMs);
    const large = find(300, latencyMs);
    if (small === undefined || large === undefined) continue;
    const ratio = (key: keyof ScenarioResult): number => round((large[key] as number) / (small[key] as number));
    const row = {
      latencyMs,
      up: ratio('upSeconds'),
      noopUp: ratio('noopUpSeconds'),
      preview: ratio('previewSeconds'),
      refresh: ratio('refreshSeconds'),
      destroy: ratio('destroySeconds'),
    };
    growth.push(row);
    for (const phase of ['up', 'noopUp', 'preview', 'refresh', 'destroy'] as const) {
      checks.push({ target: `@${latencyMs}ms ${phase}(300) <= ${GROWTH_LIMIT} x ${phase}(30)`, measured: `${row[phase]}x`, met: row[phase] <= GROWTH_LIMIT });
    }
  }
  return { marginalRatio, growth, checks };
}

function requestCell(counts: Record<string, number>): string {
  const all = total(counts);
  const writes = mutating(counts);
  return writes === all || writes === 0 ? String(all) : `${all} (${writes} w)`;
}

/** The results as markdown: one row per scenario, then the requests by operation, then the checks. */
export function markdown(results: BenchResults): string {
  const lines: string[] = [];
  lines.push(
    '| N | latency | up s | no-op up s | preview s | refresh s | destroy s | floor s | req up | req no-op | req preview | req refresh | req destroy | req floor | state B/res | provider B |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  );
  for (const s of results.scenarios) {
    lines.push(
      `| ${s.resources} | ${s.latencyMs} ms | ${s.upSeconds.toFixed(2)} | ${s.noopUpSeconds.toFixed(2)} | ${s.previewSeconds.toFixed(2)} | ` +
        `${s.refreshSeconds.toFixed(2)} | ${s.destroySeconds.toFixed(2)} | ${s.floorSeconds.toFixed(3)} | ` +
        `${PHASES.map((p) => requestCell(s.requests[p])).join(' | ')} | ${s.stateBytesPerResource ?? '-'} | ${s.providerBytes ?? '-'} |`,
    );
  }
  const largest = [...results.scenarios].sort((a, b) => b.resources - a.resources || b.latencyMs - a.latencyMs)[0];
  if (largest !== undefined && largest.resources > 0) {
    lines.push('', `Requests by operation, N=${largest.resources} @${largest.latencyMs}ms:`, '');
    lines.push('| operation | up | no-op up | preview | refresh | destroy | floor |', '|---|---:|---:|---:|---:|---:|---:|');
    const operations = [...new Set(PHASES.flatMap((p) => Object.keys(largest.requests[p])))].sort();
    for (const op of operations) lines.push(`| \`${op}\` | ${PHASES.map((p) => largest.requests[p][op] ?? 0).join(' | ')} |`);
  }
  lines.push('');
  if (results.summary.marginalRatio !== null) lines.push(`marginalRatio (100 ms) = ${results.summary.marginalRatio}`);
  for (const g of results.summary.growth) {
    lines.push(`growth N=300/N=30 @${g.latencyMs}ms: up ${g.up}x, no-op up ${g.noopUp}x, preview ${g.preview}x, refresh ${g.refresh}x, destroy ${g.destroy}x`);
  }
  const missed = results.summary.checks.filter((c) => !c.met);
  lines.push(
    `targets: ${results.summary.checks.length - missed.length}/${results.summary.checks.length} met` +
      (missed.length > 0 ? `; missed: ${missed.map((c) => `${c.target} (measured ${c.measured})`).join('; ')}` : ''),
  );
  lines.push(
    `run: ${results.totalSeconds.toFixed(0)} s, --parallel ${results.parallel}, ${results.host.cpus} CPUs, node ${results.host.node}` +
      (results.quick ? ', --quick' : ''),
  );
  return lines.join('\n');
}

export async function runBench(options: BenchOptions): Promise<BenchResults> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  // The stacks must see the emulator only through their configuration.
  for (const name of ['VERSORI_TOKEN', 'VERSORI_ORGANISATION_ID', 'VERSORI_BASE_URL', 'VERSORI_MAX_RETRIES', 'VERSORI_LOG_REQUESTS']) {
    delete process.env[name];
  }
  const started = process.hrtime.bigint();
  const startedAt = new Date().toISOString();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'versori-bench-'));
  const emulator = await startEmulatorProcess(path.join(scratch, 'requests.jsonl'));
  const scenarios: ScenarioResult[] = [];
  try {
    // Untimed: the first Pulumi operation of a run pays for cold caches (CLI, plugins, modules) that no later one does.
    log('  warm-up (not recorded)');
    await runScenario(emulator, scratch, 0, 0, options.parallel, () => undefined);
    for (const latencyMs of LATENCIES_MS) {
      for (const resources of options.quick ? QUICK_SIZES : FULL_SIZES) {
        scenarios.push(await runScenario(emulator, scratch, resources, latencyMs, options.parallel, log));
      }
    }
  } finally {
    await emulator.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  const results: BenchResults = {
    startedAt,
    totalSeconds: round(Number(process.hrtime.bigint() - started) / 1e9, 1),
    quick: options.quick,
    parallel: options.parallel,
    host: { cpus: os.cpus().length, node: process.version, platform: `${os.platform()}-${os.arch()}` },
    scenarios,
    summary: summarize(scenarios),
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
