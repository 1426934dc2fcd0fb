// Preloaded (NODE_OPTIONS=--require, compiled next to the program folders) into the Node.js processes the Pulumi CLI
// starts during the benchmark's CPU runs; it acts in the program and in the dynamic-provider plugin, and writes
// `$BENCH_CPU_DIR/<role>-<pid>.json` (a MeterReport) when the process ends. For the program, only its CPU. For the
// plugin, its CPU in two parts: start-up, until the first provider text has been evaluated and its `handler()` has
// returned (for ours, that loads pulumi-versori), and the work after it; the calls of each provider method; and with
// BENCH_CPU_PROFILE=1 a profile of both parts (which costs CPU of its own). It imports nothing but Node.js itself.
import * as fs from 'fs';
import * as inspector from 'inspector';
import Module from 'module';
import * as path from 'path';

/** `program`: the Pulumi program (the SDK's cmd/run); `plugin`: the dynamic-provider process. */
export type MeterRole = 'program' | 'plugin';

export interface MeterReport {
  role: MeterRole;
  /** CPU microseconds (user + system) of the whole process, Node.js start-up included. */
  totalMicros: number;
  /** CPU microseconds until the first provider was ready. */
  startupMicros: number;
  /** CPU microseconds spent evaluating provider texts and calling their `handler()` (ours loads the package there). */
  providerLoadMicros: number;
  /** Calls of each provider method (`create`, `check`, ...). */
  calls: Record<string, number>;
  startup: inspector.Profiler.Profile | null;
  work: inspector.Profiler.Profile | null;
}

type Provider = Record<string, unknown>;
type RequireFromString = (code: string, ...rest: unknown[]) => { handler?: () => Provider };
type Load = (request: string, parent: unknown, isMain: boolean) => unknown;

const SAMPLING_INTERVAL_US = 500;
const micros = (usage: NodeJS.CpuUsage): number => usage.user + usage.system;

/** A sampling profiler of this thread, or one that records nothing. Restarting it cuts the profile in two. */
function profiler(profiling: boolean): { start(): void; stop(): inspector.Profiler.Profile | null } {
  if (!profiling) return { start: () => undefined, stop: () => null };
  const session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
  return {
    start: () => session.post('Profiler.start'),
    stop: () => {
      let profile: inspector.Profiler.Profile | null = null;
      // The in-process session answers synchronously.
      session.post('Profiler.stop', (error, result) => (profile = error ? null : result.profile));
      return profile;
    },
  };
}

function newReport(role: MeterRole): MeterReport {
  return { role, totalMicros: 0, startupMicros: 0, providerLoadMicros: 0, calls: {}, startup: null, work: null };
}

/** Writes the report once, when the process exits or the CLI stops it. */
function writeOnExit(outDir: string, report: MeterReport, finish: () => void): void {
  let written = false;
  const write = (): void => {
    if (written) return;
    written = true;
    report.totalMicros = micros(process.cpuUsage());
    finish();
    fs.writeFileSync(path.join(outDir, `${report.role}-${process.pid}.json`), JSON.stringify(report));
  };
  process.once('exit', write);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      write();
      process.exit(0);
    });
  }
}

function countCalls(report: MeterReport, provider: Provider): void {
  for (const [name, method] of Object.entries(provider)) {
    if (typeof method !== 'function') continue;
    provider[name] = (...args: unknown[]) => {
      report.calls[name] = (report.calls[name] ?? 0) + 1;
      return (method as (...a: unknown[]) => unknown).apply(provider, args);
    };
  }
}

function meterPlugin(outDir: string, profiling: boolean): void {
  const profile = profiler(profiling);
  profile.start();
  const report = newReport('plugin');
  let working = false;
  const startWork = (): void => {
    if (working) return;
    working = true;
    report.startupMicros = micros(process.cpuUsage());
    report.startup = profile.stop();
    profile.start();
  };
  // The dynamic-provider plugin evaluates a provider text and calls its handler() at once: both are measured.
  const wrap = (requireFromString: RequireFromString): RequireFromString => (code, ...rest) => {
    const before = process.cpuUsage();
    const loaded = requireFromString(code, ...rest);
    const handler = loaded.handler;
    if (typeof handler === 'function') {
      loaded.handler = () => {
        const provider = handler();
        report.providerLoadMicros += micros(process.cpuUsage(before));
        countCalls(report, provider);
        startWork();
        return provider;
      };
    }
    return loaded;
  };
  const loader = Module as unknown as { _load: Load };
  const load = loader._load;
  loader._load = function (request, parent, isMain) {
    const exported = load.call(this, request, parent, isMain);
    return request === 'require-from-string' ? wrap(exported as RequireFromString) : exported;
  };
  writeOnExit(outDir, report, () => {
    if (working) report.work = profile.stop();
    else report.startup = profile.stop();
  });
}

const outDir = process.env.BENCH_CPU_DIR;
const entry = process.argv[1] ?? '';
if (outDir && /[/\\]cmd[/\\]dynamic-provider/.test(entry)) meterPlugin(outDir, process.env.BENCH_CPU_PROFILE === '1');
else if (outDir && /[/\\]cmd[/\\]run/.test(entry)) writeOnExit(outDir, newReport('program'), () => undefined);
