// The benchmark's results: their shape (bench/results.json), the ratios and targets computed from them, and the
// markdown that `npm run bench` prints and docs/benchmark.md shows.
import { CPU_PHASES, type CpuResult } from './cpu';
import { mutatingRequests, sameRequests, totalRequests, type RequestCounts } from './requests';
import { FLOOR_PHASES, STACK_PHASES, type FloorPhase, type FloorResult, type PhaseResult, type StackPhase } from './scenario';
import type { StackCounts } from './stack';
import type { StateSize } from './state';
import { EXPECTED_VERSION_REQUESTS, VERSION_PHASES, type VersionRequests } from './versions';

export interface ScenarioResult {
  resources: number;
  latencyMs: number;
  parallel: number;
  /** Both stacks ran with PULUMI_SKIP_CHECKPOINTS=true (the CLI saves the state only at the end of an operation). */
  skipCheckpoints: boolean;
  objects: StackCounts;
  /** Our stack. */
  versori: Record<StackPhase, PhaseResult>;
  /** The engine floor: no-op dynamic resources of the same shape (it sends no request, so latency does not apply). */
  noop: Record<StackPhase, PhaseResult>;
  /** The API floor: the same requests straight over HTTP. */
  floor: Record<FloorPhase, FloorResult>;
  /** Ours / (no-op + API floor); the API floor of a no-change `up` and of `preview` is nothing. */
  ratios: Record<StackPhase, number>;
  state: StateSize;
  noopState: StateSize;
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
  host: { cpus: number; cpuModel: string; loadAverage: number[]; node: string; platform: string; pulumiCli: string; pulumiSdk: string };
  scenarios: ScenarioResult[];
  cpu: CpuResult;
  /** examples/versions: the requests of each phase (see bench/versions.ts). */
  versionRequests: VersionRequests;
  checks: Check[];
}

export const TARGETS = {
  ratioAt: 300,
  /** `up`, `refresh`, `destroy`: ours / (no-op + API floor). */
  ratio: 1.15,
  /** No-change `up` and `preview`: ours / no-op. */
  noChangeRatio: 1.1,
  stateBytesPerResource: 3 * 1024,
  providerBytes: 512,
  cpuMsPerCreate: 3,
} as const;

const NO_CHANGE_PHASES: readonly StackPhase[] = ['noopUp', 'preview'];

export function ratiosOf(versori: Record<StackPhase, PhaseResult>, noop: Record<StackPhase, PhaseResult>, floor: Record<FloorPhase, FloorResult>): Record<StackPhase, number> {
  const floorOf = (phase: StackPhase): number => ((FLOOR_PHASES as readonly string[]).includes(phase) ? floor[phase as FloorPhase].seconds : 0);
  const entries = STACK_PHASES.map((phase) => [phase, Number((versori[phase].seconds / (noop[phase].seconds + floorOf(phase))).toFixed(2))]);
  return Object.fromEntries(entries) as Record<StackPhase, number>;
}

export const scenarioLabel = (s: ScenarioResult): string => `N=${s.resources} @${s.latencyMs}ms${s.skipCheckpoints ? ' skip-checkpoints' : ''}`;

/** Requests: ours are exactly the floor's, a no-change `up` and `preview` send none, the no-op stack none at all. */
function requestChecks(s: ScenarioResult): Check[] {
  const label = scenarioLabel(s);
  const checks: Check[] = FLOOR_PHASES.map((phase) => ({
    target: `${label} ${phase}: the floor's requests (${totalRequests(s.floor[phase].requests)})`,
    measured: `${totalRequests(s.versori[phase].requests)} (${mutatingRequests(s.versori[phase].requests)} mutating)`,
    met: sameRequests(s.versori[phase].requests, s.floor[phase].requests) && totalRequests(s.floor[phase].requests) === s.resources,
  }));
  for (const phase of NO_CHANGE_PHASES) {
    const sent = totalRequests(s.versori[phase].requests);
    checks.push({ target: `${label} ${phase}: no request`, measured: String(sent), met: sent === 0 });
  }
  const noopSent = STACK_PHASES.reduce((n, phase) => n + totalRequests(s.noop[phase].requests), 0);
  checks.push({ target: `${label} no-op stack: no request`, measured: String(noopSent), met: noopSent === 0 });
  return checks;
}

function stateChecks(s: ScenarioResult): Check[] {
  if (s.state.bytesPerResource === null || s.state.providerBytes === null) return [];
  const label = scenarioLabel(s);
  return [
    { target: `${label} state <= ${TARGETS.stateBytesPerResource} B/resource`, measured: `${s.state.bytesPerResource} B`, met: s.state.bytesPerResource <= TARGETS.stateBytesPerResource },
    { target: `${label} serialized provider <= ${TARGETS.providerBytes} B`, measured: `${s.state.providerBytes} B`, met: s.state.providerBytes <= TARGETS.providerBytes },
  ];
}

function ratioChecks(s: ScenarioResult): Check[] {
  if (s.resources !== TARGETS.ratioAt || s.skipCheckpoints) return [];
  return STACK_PHASES.map((phase) => {
    const noChange = NO_CHANGE_PHASES.includes(phase);
    const limit = noChange ? TARGETS.noChangeRatio : TARGETS.ratio;
    const floor = noChange ? '' : ` + floor ${s.floor[phase as FloorPhase].seconds}`;
    return {
      target: `${scenarioLabel(s)} ${phase} <= ${limit} x (no-op${noChange ? '' : ' + API floor'})`,
      measured: `${s.versori[phase].seconds} / (${s.noop[phase].seconds}${floor}) = ${s.ratios[phase]}`,
      met: s.ratios[phase] <= limit,
    };
  });
}

/** examples/versions: each phase sends exactly the requests bench/versions.ts expects. */
function versionRequestChecks(measured: VersionRequests): Check[] {
  return VERSION_PHASES.map((phase) => ({
    target: `examples/versions ${phase}: ${totalRequests(EXPECTED_VERSION_REQUESTS[phase])} requests, one per object changed`,
    measured: `${totalRequests(measured[phase])}`,
    met: sameRequests(measured[phase], EXPECTED_VERSION_REQUESTS[phase]),
  }));
}

/** Each metered pair of `up`s: `(ours - no-op) ms / N = x ms`. */
function cpuRuns(cpu: CpuResult): string {
  return cpu.upRuns.map((run) => `(${run.oursMs} - ${run.noopMs}) ms / ${cpu.resources} = ${run.msPerCreate} ms`).join(', ');
}

/** Every target checked against the measured numbers. */
export function checksOf(scenarios: ScenarioResult[], cpu: CpuResult, versionRequests: VersionRequests): Check[] {
  const checks = scenarios.flatMap((s) => [...requestChecks(s), ...stateChecks(s), ...ratioChecks(s)]);
  checks.push(...versionRequestChecks(versionRequests));
  checks.push({
    target: `our CPU per create in the dynamic-provider process <= ${TARGETS.cpuMsPerCreate} ms (N=${cpu.resources})`,
    measured: `median of ${cpuRuns(cpu)} = ${cpu.ownMsPerCreate} ms`,
    met: cpu.ownMsPerCreate <= TARGETS.cpuMsPerCreate,
  });
  return checks;
}

const seconds = (value: number | null, digits = 2): string => (value === null ? '-' : value.toFixed(digits));

function requestsCell(ours: RequestCounts, floor: RequestCounts | undefined): string {
  return floor === undefined ? String(totalRequests(ours)) : `${totalRequests(ours)} / ${totalRequests(floor)}`;
}

function timeTable(results: BenchResults): string[] {
  const lines = [
    '| N | latency | checkpoints | phase | ours s | no-op s | API floor s | ratio | ours CPU s | no-op CPU s | requests ours / floor |',
    '|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const s of results.scenarios) {
    for (const phase of STACK_PHASES) {
      const floor = (FLOOR_PHASES as readonly string[]).includes(phase) ? s.floor[phase as FloorPhase] : undefined;
      lines.push(
        `| ${s.resources} | ${s.latencyMs} ms | ${s.skipCheckpoints ? 'skipped' : 'saved'} | ${phase} | ${seconds(s.versori[phase].seconds)} | ` +
          `${seconds(s.noop[phase].seconds)} | ${floor === undefined ? '-' : seconds(floor.seconds, 3)} | **${s.ratios[phase].toFixed(2)}** | ` +
          `${seconds(s.versori[phase].cpuSeconds)} | ${seconds(s.noop[phase].cpuSeconds)} | ${requestsCell(s.versori[phase].requests, floor?.requests)} |`,
      );
    }
  }
  return lines;
}

function stateTables(results: BenchResults): string[] {
  const lines = ['| N | latency | checkpoints | state B/resource | no-op state B/resource | provider B |', '|---:|---:|---|---:|---:|---:|'];
  for (const s of results.scenarios.filter((x) => x.resources > 0)) {
    lines.push(
      `| ${s.resources} | ${s.latencyMs} ms | ${s.skipCheckpoints ? 'skipped' : 'saved'} | ${s.state.bytesPerResource} | ` +
        `${s.noopState.bytesPerResource} | ${s.state.providerBytes} |`,
    );
  }
  const largest = [...results.scenarios].sort((a, b) => b.resources - a.resources)[0];
  if (largest === undefined || largest.state.bytesPerResource === null) return lines;
  const types = Object.entries(largest.state.byType).map(([type, bytes]) => `${type} ${bytes} B`).join(', ');
  lines.push('', `State per resource at N=${largest.resources}, compact JSON: ${types}. The largest parts (mean per resource):`, '');
  lines.push('| part | B/resource |', '|---|---:|');
  for (const part of largest.state.parts.slice(0, 16)) lines.push(`| \`${part.part}\` | ${part.bytesPerResource} |`);
  lines.push(`| (indentation of the export, the stack's own entries) | ${largest.state.otherBytesPerResource} |`);
  return lines;
}

function processTable(cpu: CpuResult): string[] {
  const { versori, noop } = cpu.declaredProperties;
  const lines = [
    `CPU by process, N=${cpu.resources} at 0 ms, seconds (engine: the CLI and its language host). The no-op stack is also ` +
      `weighed down to ours in one way at a time: as many declared properties (ours ${versori} Outputs per resource, ` +
      `the no-op ${noop}), and as many bytes of state.`,
    '',
    '| stack | state B/resource | phase | total | engine | program | dynamic-provider |',
    '|---|---:|---|---:|---:|---:|---:|',
  ];
  for (const row of cpu.stacks) {
    for (const phase of CPU_PHASES) {
      const p = row.phases[phase];
      lines.push(
        `| ${row.stack} | ${row.stateBytesPerResource ?? '-'} | ${phase} | ${p.total.toFixed(2)} | ${p.engine.toFixed(2)} | ` +
          `${p.program.toFixed(2)} | ${p.plugin.toFixed(2)} |`,
      );
    }
  }
  return lines;
}

function cpuTable(cpu: CpuResult): string[] {
  const { versori, noop } = cpu;
  const lines = [
    `Dynamic-provider process during \`up\` of N=${cpu.resources} at 0 ms: our CPU per create ${cpu.ownMsPerCreate} ms, ` +
      `the median of ${cpu.upRuns.length} pairs of \`up\`s, (ours - no-op) / N: ${cpuRuns(cpu)}. In the first: start-up ours ${versori.startupMs} ms ` +
      `(of which the provider texts and loading pulumi-versori ${versori.providerLoadMs} ms), no-op ${noop.startupMs} ms; ` +
      `calls ${Object.entries(versori.calls).map(([m, n]) => `${m} ${n}`).join(', ')}.`,
    '',
    '| work after start-up, per resource (split by a profiled run) | ours ms | no-op ms |',
    '|---|---:|---:|',
  ];
  const categories = [...new Set([...versori.work, ...noop.work].map((share) => share.category))];
  const of = (shares: typeof versori.work, category: string): string => (shares.find((s) => s.category === category)?.msPerResource ?? 0).toFixed(3);
  for (const category of categories) lines.push(`| ${category} | ${of(versori.work, category)} | ${of(noop.work, category)} |`);
  lines.push(`| total | ${versori.workMsPerResource.toFixed(3)} | ${noop.workMsPerResource.toFixed(3)} |`);
  return [...lines, '', ...processTable(cpu)];
}

function operationsTable(results: BenchResults): string[] {
  const largest = [...results.scenarios].sort((a, b) => b.resources - a.resources || b.latencyMs - a.latencyMs)[0];
  if (largest === undefined || largest.resources === 0) return [];
  const columns: Array<[string, RequestCounts]> = [
    ...STACK_PHASES.map((phase): [string, RequestCounts] => [phase, largest.versori[phase].requests]),
    ...FLOOR_PHASES.map((phase): [string, RequestCounts] => [`floor ${phase}`, largest.floor[phase].requests]),
  ];
  const operations = [...new Set(columns.flatMap(([, counts]) => Object.keys(counts)))].sort();
  return [
    `Requests by operation, ${scenarioLabel(largest)}:`,
    '',
    `| operation | ${columns.map(([name]) => name).join(' | ')} |`,
    `|---|${columns.map(() => '---:').join('|')}|`,
    ...operations.map((op) => `| \`${op}\` | ${columns.map(([, counts]) => counts[op] ?? 0).join(' | ')} |`),
  ];
}

function versionsTable(measured: VersionRequests): string[] {
  const operations = [...new Set(VERSION_PHASES.flatMap((phase) => Object.keys(measured[phase])))].sort();
  return [
    'examples/versions (a version with 2 definitions, 2 actions and a trigger, published), requests by phase (`newVersion`: ' +
      'an action changed under a new version name); reads are not counted except in the no-change `up`:',
    '',
    `| operation | ${VERSION_PHASES.join(' | ')} |`,
    `|---|${VERSION_PHASES.map(() => '---:').join('|')}|`,
    ...operations.map((op) => `| \`${op}\` | ${VERSION_PHASES.map((phase) => measured[phase][op] ?? 0).join(' | ')} |`),
  ];
}

/** One line per scenario with N > 0: its ratios, the headline. */
function headline(results: BenchResults): string[] {
  return results.scenarios
    .filter((s) => s.resources > 0)
    .map((s) => `- ${scenarioLabel(s)}: ours / (no-op + API floor) = ${STACK_PHASES.map((phase) => `${phase} ${s.ratios[phase].toFixed(2)}`).join(', ')}`);
}

/** The results as markdown: the ratios, time per phase, state, CPU per create, requests, then the targets. */
export function markdown(results: BenchResults): string {
  const missed = results.checks.filter((c) => !c.met);
  const host = results.host;
  return [
    ...headline(results),
    '',
    ...timeTable(results),
    '',
    ...stateTables(results),
    '',
    ...cpuTable(results.cpu),
    '',
    ...operationsTable(results),
    '',
    ...versionsTable(results.versionRequests),
    '',
    `- targets: ${results.checks.length - missed.length}/${results.checks.length} met` +
      (missed.length > 0 ? `; missed: ${missed.map((c) => `${c.target} (measured ${c.measured})`).join('; ')}` : ''),
    `- run: ${results.startedAt}, ${results.totalSeconds.toFixed(0)} s, --parallel ${results.parallel}, ${host.cpus} x ${host.cpuModel}, ` +
      `load average at start ${host.loadAverage.map((l) => l.toFixed(2)).join(' ')}, node ${host.node}, Pulumi CLI ${host.pulumiCli}, ` +
      `@pulumi/pulumi ${host.pulumiSdk}${results.quick ? ', --quick' : ''}`,
  ].join('\n');
}
