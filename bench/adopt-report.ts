// What `npm run bench:adopt` records (bench/adopt-results.json) and the markdown it prints.
import type { OperationResult, ReadResult } from './adopt-phases';
import type { OrgCounts } from './org';
import { totalRequests } from './requests';

export interface SplitProject {
  folder: string;
  connectors: number;
  /** Resources its program declares. */
  resources: number;
  up?: OperationResult;
}

export interface AdoptResults {
  startedAt: string;
  totalSeconds: number | null;
  quick: boolean;
  parallel: number;
  /** Set once every part ran; a file without it holds the parts done so far. */
  complete?: true;
  host: { cpus: number; cpuModel: string; loadAverage: number[]; node: string; platform: string };
  organisation: OrgCounts & { declared: number; minimumReadRequests: number };
  read?: ReadResult;
  /** npm install of the generated folder, seconds. */
  installSeconds?: number;
  program: { up?: OperationResult; preview?: OperationResult; refresh?: OperationResult; upSkipCheckpoints?: OperationResult };
  floor?: { resources: number; up: OperationResult; preview: OperationResult; refresh: OperationResult; upSkipCheckpoints: OperationResult };
  throttled?: { rateLimit: number; read: ReadResult; sameProgram: boolean; up?: OperationResult };
  split?: { tag: string; readSeconds: number; requests: number; projects: SplitProject[] };
}

const cell = (value: number | null | undefined, digits = 2): string => (value === null || value === undefined ? '-' : value.toFixed(digits));
const requests = (op: OperationResult | undefined): string => (op === undefined ? '-' : String(totalRequests(op.requests)));

function operationRows(results: AdoptResults): string[] {
  const { program, floor } = results;
  const rows: Array<[string, OperationResult | undefined, OperationResult | undefined]> = [
    ['first `up` (adopting)', program.up, floor?.up],
    ['no-change `preview`', program.preview, floor?.preview],
    ['`refresh`', program.refresh, floor?.refresh],
    ['first `up`, checkpoints skipped', program.upSkipCheckpoints, floor?.upSkipCheckpoints],
  ];
  return rows
    .filter(([, ours]) => ours !== undefined)
    .map(([phase, ours, noop]) => {
      const ratio = ours !== undefined && noop !== undefined ? cell(ours.seconds / noop.seconds) : '-';
      const label = ours?.checkpointsSkipped === true && !phase.includes('skipped') ? `${phase}, checkpoints skipped` : phase;
      return `| ${label} | ${cell(ours?.seconds)} | ${cell(noop?.seconds)} | ${ratio} | ${cell(ours?.cpuSeconds)} | ${cell(noop?.cpuSeconds)} | ${requests(ours)} | ${ours?.mutating ?? '-'} |`;
    });
}

function readLines(results: AdoptResults): string[] {
  const { read, throttled, organisation } = results;
  const line = (label: string, r: ReadResult) =>
    `| ${label} | ${cell(r.seconds)} | ${r.total} | ${r.minimum} | ${r.throttled} | ${r.repeated} | ${r.givenUp} | ${r.progressLines} |`;
  return [
    `Organisation: ${organisation.connectors} connectors, ${organisation.authSchemeConfigs} auth scheme configs, ${organisation.connections} connections, ` +
      `${organisation.versions} published versions; the generated program declares ${organisation.declared} resources.`,
    '',
    '| read | s | requests | fewest | answered 429 | read twice | given up | progress lines |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...(read !== undefined ? [line('versori-adopt', read)] : []),
    ...(throttled !== undefined ? [line(`versori-adopt, --rate-limit ${throttled.rateLimit}`, throttled.read)] : []),
    ...(read !== undefined ? ['', `Requests by operation: ${Object.entries(read.requests).map(([op, n]) => `\`${op}\` ${n}`).join(', ')}.`] : []),
  ];
}

function splitLines(results: AdoptResults): string[] {
  const { split, program } = results;
  if (split === undefined) return [];
  const ups = split.projects.map((p) => p.up?.seconds).filter((s): s is number => s !== undefined);
  const rows = split.projects.map((p) => `| \`${p.folder}\` | ${p.connectors} | ${p.resources} | ${cell(p.up?.seconds)} | ${p.up?.mutating ?? '-'} |`);
  const total = ups.length === split.projects.length ? ups.reduce((a, b) => a + b, 0) : undefined;
  return [
    '',
    `Split by tag \`${split.tag}\` (read ${cell(split.readSeconds)} s, ${split.requests} requests):`,
    '',
    '| project | connectors | resources | first `up` s | mutating |',
    '|---|---:|---:|---:|---:|',
    ...rows,
    ...(total !== undefined
      ? [`| all, one after the other | ${split.projects.reduce((n, p) => n + p.connectors, 0)} | ${results.organisation.declared} | ${cell(total)} | |`, `| one stack of everything | | | ${cell(program.up?.seconds)} | |`]
      : []),
  ];
}

export function adoptMarkdown(results: AdoptResults): string {
  const throttledUp = results.throttled?.up;
  return [
    ...readLines(results),
    '',
    `Generated program (N = ${results.organisation.declared}) beside the no-op stack (N = ${results.floor?.resources ?? '-'}), \`--parallel ${results.parallel}\`; npm install ${cell(results.installSeconds, 1)} s:`,
    '',
    '| operation | ours s | no-op s | ratio | ours CPU s | no-op CPU s | requests | mutating |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...operationRows(results),
    ...(throttledUp !== undefined
      ? ['', `First \`up\` at --rate-limit ${results.throttled?.rateLimit}: ${cell(throttledUp.seconds)} s, ${requests(throttledUp)} requests answered, ${throttledUp.throttled} answered 429, ${throttledUp.givenUp} given up, ${throttledUp.mutating} mutating.`]
      : []),
    ...splitLines(results),
    '',
    `- run: ${results.startedAt}, ${results.totalSeconds ?? '-'} s, ${results.host.cpus} x ${results.host.cpuModel}, load average at start ${results.host.loadAverage.map((n) => n.toFixed(2)).join(' ')}, node ${results.host.node}`,
  ].join('\n');
}
