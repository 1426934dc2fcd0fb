// Where the CPU goes, with bench/cpu-meter.ts preloaded into the Node.js processes the CLI starts. First, without a
// profiler (it costs a fifth more CPU): `up`, a no-change `up` and `destroy` of each stack, each split by process
// (the Pulumi program, the dynamic-provider plugin, and the rest: the CLI's engine and language host); the same for
// the no-op stack made as heavy as ours in one way at a time (as many declared properties, as many bytes of state),
// which tells what the engine charges for. Our CPU per create is what the plugin spends during our `up` beyond what
// it spends on the no-op stack, divided by the resources: the median of three such pairs of `up`s (the first is the
// lifecycle's), since one pair alone varies by a fifth on a shared machine. Then one profiled `up` of each stack says where the
// plugin's work after start-up goes: its samples, attributed to packages (bench/profile.ts), split the unprofiled
// run's work CPU.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { ProgramFolder } from '../scripts/program-folder';
import type { MeterReport, MeterRole } from './cpu-meter';
import { profileShares } from './profile';
import type { NoopWeight } from './programs/noop/resources';
import { declaredProperties, type DeclaredProperties } from './properties';
import { parallelArgs, upArgs } from './scenario';
import { stackState } from './state';
import { SKIP_CHECKPOINTS_ENV, sizeConfig, type BenchWorld, type StackKind } from './world';

export interface CpuShare {
  /** Where the samples fell: the package whose code ran nearest the sample, or Node.js, or V8. */
  category: string;
  msPerResource: number;
}

export interface PluginCpu {
  /** CPU of the plugin process over the whole `up`, ms (Node.js start-up included). */
  totalMs: number;
  /** Until the first provider was ready: Node.js, the plugin, and the first provider text with what it loads, ms. */
  startupMs: number;
  /** Evaluating provider texts and calling their `handler()` (ours: loading pulumi-versori), ms. */
  providerLoadMs: number;
  /** After start-up, per resource, ms. */
  workMsPerResource: number;
  calls: Record<string, number>;
  /** The work after start-up per resource, split by the profiled run's samples. */
  work: CpuShare[];
}

/** CPU seconds of one CLI run by process. */
export interface ProcessCpu {
  total: number;
  /** The Pulumi program (Node.js): our resource classes and the SDK registering them. */
  program: number;
  /** The dynamic-provider process (Node.js). */
  plugin: number;
  /** The rest: the CLI's engine (state, diffs, checkpoints), the language host, plugin start-up scripts. */
  engine: number;
}

export const CPU_PHASES = ['up', 'noopUp', 'destroy'] as const;
export type CpuPhase = (typeof CPU_PHASES)[number];

export interface CpuResult {
  resources: number;
  versori: PluginCpu;
  noop: PluginCpu;
  /**
   * Our CPU per create, start-up and loading amortized: the median over {@link CPU_UP_RUNS} pairs of metered `up`s of
   * (ours − no-op plugin CPU) / resources. One pair alone moved by a fifth between runs of the same code.
   */
  ownMsPerCreate: number;
  /** Each pair of `up`s: the plugin CPU of ours and of the no-op stack, ms, and their difference per create. */
  upRuns: UpRun[];
  declaredProperties: DeclaredProperties;
  /** CPU by process of each phase: ours, the no-op stack, and the no-op stack weighed down. */
  stacks: StackCpu[];
}

export interface UpRun {
  oursMs: number;
  noopMs: number;
  msPerCreate: number;
}

/** Metered `up`s of each stack, ours then the no-op's, for our CPU per create. */
export const CPU_UP_RUNS = 3;

export interface StackCpu {
  /** `ours`, `no-op`, `no-op + 15 properties`, `no-op + 1200 B`. */
  stack: string;
  stateBytesPerResource: number | null;
  phases: Record<CpuPhase, ProcessCpu>;
}

interface MeteredRun {
  cpuSeconds: number;
  reports: MeterReport[];
}

const round = (value: number, digits: number): number => Number(value.toFixed(digits));

function processCpu(run: MeteredRun): ProcessCpu {
  const of = (role: MeterRole): number => run.reports.filter((r) => r.role === role).reduce((n, r) => n + r.totalMicros / 1e6, 0);
  const program = of('program');
  const plugin = of('plugin');
  return { total: round(run.cpuSeconds, 2), program: round(program, 2), plugin: round(plugin, 2), engine: round(run.cpuSeconds - program - plugin, 2) };
}

function pluginReport(run: MeteredRun): MeterReport {
  const plugins = run.reports.filter((report) => report.role === 'plugin');
  if (plugins.length !== 1) throw new Error(`cpu: expected one dynamic-provider process, found ${plugins.length}`);
  return plugins[0];
}

function pluginCpu(measured: MeterReport, profiled: MeterReport, resources: number): PluginCpu {
  const workMs = (measured.totalMicros - measured.startupMicros) / 1000;
  const shares = profiled.work === null ? new Map<string, number>() : profileShares(profiled.work);
  const sampled = [...shares.values()].reduce((a, b) => a + b, 0);
  const perResource = (ms: number): number => round(ms / Math.max(resources, 1), 3);
  return {
    totalMs: Math.round(measured.totalMicros / 1000),
    startupMs: Math.round(measured.startupMicros / 1000),
    providerLoadMs: Math.round(measured.providerLoadMicros / 1000),
    workMsPerResource: perResource(workMs),
    calls: measured.calls,
    work: [...shares.entries()]
      .map(([category, ms]) => ({ category, msPerResource: perResource((workMs * ms) / (sampled || 1)) }))
      .sort((a, b) => b.msPerResource - a.msPerResource),
  };
}

/** Runs one CLI operation with the meter in its Node.js processes; `profile` profiles the plugin. */
async function metered(world: BenchWorld, kind: StackKind, operation: (stack: ProgramFolder) => Promise<{ cpuSeconds?: number }>, profile: boolean): Promise<MeteredRun> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `versori-bench-cpu-${kind}-`));
  try {
    const stack = world.stack(kind, { NODE_OPTIONS: `--require ${world.meter}`, BENCH_CPU_DIR: dir, BENCH_CPU_PROFILE: profile ? '1' : '0' });
    const { cpuSeconds } = await operation(stack);
    const reports = fs.readdirSync(dir).map((file) => JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as MeterReport);
    return { cpuSeconds: cpuSeconds ?? 0, reports };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `up`, a no-change `up` and `destroy` of one stack, metered; and the `up`'s meter reports. */
async function lifecycleCpu(world: BenchWorld, kind: StackKind, label: string, weight: NoopWeight, resources: number, parallel: number): Promise<{ row: StackCpu; up: MeteredRun }> {
  const args = parallelArgs(parallel);
  const measure = { measure: true };
  const plain = world.stack(kind);
  await plain.setPlainConfig(sizeConfig(resources, weight));
  const up = await metered(world, kind, (stack) => stack.up(upArgs(parallel), measure), false);
  const state = await stackState(plain);
  const noopUp = await metered(world, kind, (stack) => stack.up([...upArgs(parallel), '--expect-no-changes'], measure), false);
  const destroy = await metered(world, kind, (stack) => stack.destroy(args, measure), false);
  const phases = { up: processCpu(up), noopUp: processCpu(noopUp), destroy: processCpu(destroy) };
  return { row: { stack: label, stateBytesPerResource: state.bytesPerResource, phases }, up };
}

/** The plugin's report of one `up` (profiled or not) of a stack, which is then destroyed. */
async function pluginUp(world: BenchWorld, kind: StackKind, resources: number, parallel: number, profile: boolean): Promise<MeterReport> {
  await world.stack(kind).setPlainConfig(sizeConfig(resources));
  const run = await metered(world, kind, (stack) => stack.up(upArgs(parallel)), profile);
  // Only clearing the way: no need to save the state after each delete.
  await world.stack(kind, SKIP_CHECKPOINTS_ENV).destroy(parallelArgs(parallel));
  return pluginReport(run);
}

function upRun(ours: MeterReport, noop: MeterReport, resources: number): UpRun {
  const oursMs = Math.round(ours.totalMicros / 1000);
  const noopMs = Math.round(noop.totalMicros / 1000);
  return { oursMs, noopMs, msPerCreate: round((oursMs - noopMs) / resources, 2) };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : round((sorted[middle - 1] + sorted[middle]) / 2, 2);
}

/** Measures the stacks of `resources` at 0 ms latency. */
export async function measureCpu(world: BenchWorld, resources: number, parallel: number): Promise<CpuResult> {
  await world.emulator.setLatency(0);
  await world.emulator.reset();
  const declared = await declaredProperties();
  const ours = await lifecycleCpu(world, 'versori', 'ours', {}, resources, parallel);
  const noop = await lifecycleCpu(world, 'noop', 'no-op', {}, resources, parallel);
  const properties = Math.max(0, Math.round(declared.versori - declared.noop));
  const withProperties = await lifecycleCpu(world, 'noop', `no-op + ${properties} properties`, { properties }, resources, parallel);
  // The string is in the inputs and in the outputs; each adds its key, quotes and indentation (about 20 bytes).
  const padBytes = Math.max(0, Math.round(((ours.row.stateBytesPerResource ?? 0) - (noop.row.stateBytesPerResource ?? 0)) / 2) - 20);
  const withBytes = await lifecycleCpu(world, 'noop', `no-op + ${padBytes} B in inputs and outputs`, { padBytes }, resources, parallel);
  const upRuns = [upRun(pluginReport(ours.up), pluginReport(noop.up), resources)];
  while (upRuns.length < CPU_UP_RUNS) {
    const oursUp = await pluginUp(world, 'versori', resources, parallel, false);
    upRuns.push(upRun(oursUp, await pluginUp(world, 'noop', resources, parallel, false), resources));
  }
  const versori = pluginCpu(pluginReport(ours.up), await pluginUp(world, 'versori', resources, parallel, true), resources);
  const floor = pluginCpu(pluginReport(noop.up), await pluginUp(world, 'noop', resources, parallel, true), resources);
  if (versori.calls.create !== resources) throw new Error(`cpu: our provider created ${versori.calls.create} resources, expected ${resources}`);
  return {
    resources,
    versori,
    noop: floor,
    ownMsPerCreate: median(upRuns.map((run) => run.msPerCreate)),
    upRuns,
    declaredProperties: declared,
    stacks: [ours.row, noop.row, withProperties.row, withBytes.row],
  };
}
