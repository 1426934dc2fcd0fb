// The measured steps of `npm run bench:adopt`: versori-adopt reading the organisation (its requests against the
// fewest the API allows), and a Pulumi operation of a program folder (wall time, CPU, requests by operation, 429s).
// Every step is checked to have done what it should, so that no time is measured for work that did not happen.
import * as fs from 'fs';
import * as path from 'path';
import type { EmulatorProcess } from '../scripts/packed-install';
import type { CliResult, ProgramFolder } from '../scripts/program-folder';
import { runAdopt, type AdoptWorld } from './adopt-world';
import { countByOperation, mutatingRequests, repeatedRequests, successfulRequests, throttledRequests, unansweredRequests, type RequestCounts } from './requests';

export interface ReadResult {
  /** Wall time of the versori-adopt run, seconds. */
  seconds: number;
  /** Requests answered 2xx, by operation. */
  requests: RequestCounts;
  /** Their number: must be `minimum`. */
  total: number;
  minimum: number;
  /** What versori-adopt said it sent. */
  reported: number;
  /** Requests answered 429, each retried. */
  throttled: number;
  /** Requests answered 2xx twice (an object read twice): must be 0. */
  repeated: number;
  /** Requests whose last attempt was not answered 2xx: must be 0. */
  givenUp: number;
  /** Progress lines on stderr while reading. */
  progressLines: number;
}

export interface OperationResult {
  seconds: number;
  cpuSeconds: number | null;
  /** Requests answered 2xx, by operation. */
  requests: RequestCounts;
  /** POST, PUT, PATCH and DELETE requests: 0 for every operation of an adopting program. */
  mutating: number;
  throttled: number;
  givenUp: number;
  /** The update's resource changes (`pulumi stack history`), for `up`. */
  changes?: Record<string, number>;
  /** Set when the run had PULUMI_SKIP_CHECKPOINTS=true. */
  checkpointsSkipped?: true;
}

const round = (value: number, digits: number): number => Number(value.toFixed(digits));

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`bench:adopt: ${what}`);
}

/** Runs versori-adopt into `dir` against `emulator`, and checks it sent exactly the fewest requests, each answered. */
export async function measureRead(world: AdoptWorld, emulator: EmulatorProcess, dir: string, args: string[], minimum: number): Promise<ReadResult> {
  const mark = emulator.mark();
  const run = await runAdopt(world, emulator.target, [dir, ...args]);
  const logged = emulator.requestsSince(mark);
  const answered = successfulRequests(logged);
  const reported = Number(/; (\d+) requests\n?$/.exec(run.stderr)?.[1] ?? NaN);
  const result: ReadResult = {
    seconds: round(run.seconds, 2),
    requests: countByOperation(answered),
    total: answered.length,
    minimum,
    reported,
    throttled: throttledRequests(logged),
    repeated: repeatedRequests(logged).length,
    givenUp: unansweredRequests(logged).length,
    progressLines: run.stderr.split('\n').filter((line) => /: read (\d+ connectors|the versions of)/.test(line)).length,
  };
  check(result.total === minimum && reported === minimum, `the read sent ${result.total} requests (it says ${reported}), the fewest is ${minimum}`);
  check(result.repeated === 0, `the read asked for the same object twice: ${repeatedRequests(logged).join(', ')}`);
  check(result.givenUp === 0, `the read gave up on ${unansweredRequests(logged).join(', ')}`);
  return result;
}

/** Runs one Pulumi operation, measured; with `expect`, its update must report these resource changes. */
export async function measureOperation(
  emulator: EmulatorProcess,
  stack: ProgramFolder,
  run: () => Promise<CliResult>,
  expect?: Record<string, number>,
): Promise<OperationResult> {
  const mark = emulator.mark();
  const result = await run();
  const logged = emulator.requestsSince(mark);
  const requests = countByOperation(successfulRequests(logged));
  const measured: OperationResult = {
    seconds: round(result.seconds, 2),
    cpuSeconds: result.cpuSeconds === undefined ? null : round(result.cpuSeconds, 2),
    requests,
    mutating: mutatingRequests(countByOperation(logged)),
    throttled: throttledRequests(logged),
    givenUp: unansweredRequests(logged).length,
  };
  check(measured.givenUp === 0, `${stack.options.stack}: requests given up: ${unansweredRequests(logged).slice(0, 5).join(', ')}`);
  if (expect !== undefined) {
    const changes = (await stack.lastUpdate()).resourceChanges ?? {};
    const differs = Object.entries(expect).some(([op, n]) => (changes[op] ?? 0) !== n);
    check(!differs, `${stack.options.stack}: the update reports ${JSON.stringify(changes)}, expected ${JSON.stringify(expect)}`);
    measured.changes = changes;
  }
  return measured;
}

/** The resources a generated program declares: one `new versori.` each. */
export function declaredResources(dir: string): number {
  return (fs.readFileSync(path.join(dir, 'index.ts'), 'utf8').match(/new versori\./g) ?? []).length;
}
