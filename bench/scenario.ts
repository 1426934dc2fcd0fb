// One stack's lifecycle at one size, as a user runs it: `pulumi up`, a no-change `up`, `preview`, `refresh` and
// `destroy` with the bare CLI in its program folder, each timed (wall and CPU) and its API requests counted; and the
// API floor of the same objects. Every phase is checked to have done what it should, so that no time is measured
// for work that did not happen.
import type { PlatformCounts } from '../scripts/platform';
import type { ProgramFolder } from '../scripts/program-folder';
import { createFloor, deleteFloor, readFloor, type CreatedGroup } from './floor';
import { countByOperation, type RequestCounts } from './requests';
import { countsOf, totalOf, type GroupSpec } from './stack';
import { stackState, type StateSize } from './state';
import { sizeConfig, type BenchWorld, type StackKind } from './world';

export const STACK_PHASES = ['up', 'noopUp', 'preview', 'refresh', 'destroy'] as const;
export type StackPhase = (typeof STACK_PHASES)[number];

/** The phases that have an API floor; a no-change `up` and `preview` should send nothing. */
export const FLOOR_PHASES = ['up', 'refresh', 'destroy'] as const;
export type FloorPhase = (typeof FLOOR_PHASES)[number];

export interface PhaseResult {
  /** Wall time of the CLI run, seconds. */
  seconds: number;
  /** CPU seconds of the CLI and every process it waited for (program, plugins); null where it could not be read. */
  cpuSeconds: number | null;
  requests: RequestCounts;
}

export interface StackResult {
  phases: Record<StackPhase, PhaseResult>;
  /** `pulumi stack export` after `up`. */
  state: StateSize;
}

export interface FloorResult {
  seconds: number;
  requests: RequestCounts;
}

const round = (value: number, digits: number): number => Number(value.toFixed(digits));
const EMPTY: PlatformCounts = { connectors: 0, authSchemeConfigs: 0, connections: 0 };

/** The CLI's `--parallel`, the same for every operation and for the floor. */
export const parallelArgs = (parallel: number): string[] => ['--parallel', String(parallel)];
/** `up` timed as the update alone (one dynamic-provider process); the preview a user's `up` runs first is its own phase. */
export const upArgs = (parallel: number): string[] => ['--skip-preview', ...parallelArgs(parallel)];

function sameCounts(actual: PlatformCounts, expected: PlatformCounts, when: string): void {
  if (actual.connectors !== expected.connectors || actual.authSchemeConfigs !== expected.authSchemeConfigs || actual.connections !== expected.connections) {
    throw new Error(`${when}: the platform holds ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
  }
}

async function expectChange(stack: ProgramFolder, change: 'create' | 'delete', count: number, when: string): Promise<void> {
  const changes = (await stack.lastUpdate()).resourceChanges ?? {};
  if (changes[change] !== count) throw new Error(`${when}: expected ${count} ${change}, the update reports ${JSON.stringify(changes)}`);
}

/** Runs the lifecycle of one stack of `groups`; `stack` carries the environment of the run (checkpoints or not). */
export async function runStack(world: BenchWorld, kind: StackKind, stack: ProgramFolder, groups: GroupSpec[], parallel: number): Promise<StackResult> {
  const expected = countsOf(groups);
  const resources = totalOf(expected);
  const label = `${kind} N=${resources}`;
  const parallelism = parallelArgs(parallel);
  const noChanges = [...parallelism, '--expect-no-changes'];
  const upOnly = upArgs(parallel);
  const phase = async (run: () => Promise<{ seconds: number; cpuSeconds?: number }>): Promise<PhaseResult> => {
    const mark = world.emulator.mark();
    const result = await run();
    return {
      seconds: round(result.seconds, 2),
      cpuSeconds: result.cpuSeconds === undefined ? null : round(result.cpuSeconds, 2),
      requests: countByOperation(world.emulator.requestsSince(mark)),
    };
  };
  const measured = { measure: true };

  await stack.setPlainConfig(sizeConfig(resources));
  const up = await phase(() => stack.up(upOnly, measured));
  // The stack resource is created and deleted too.
  await expectChange(stack, 'create', resources + 1, `${label} up`);
  if (kind === 'versori') sameCounts(await world.emulator.counts(), expected, `${label} after up`);
  const state = await stackState(stack);
  if (state.resources !== resources) throw new Error(`${label}: the state holds ${state.resources} resources`);
  const noopUp = await phase(() => stack.up([...upOnly, '--expect-no-changes'], measured));
  const preview = await phase(() => stack.preview(noChanges, measured));
  const refresh = await phase(() => stack.refresh(noChanges, measured));
  const destroy = await phase(() => stack.destroy(parallelism, measured));
  await expectChange(stack, 'delete', resources + 1, `${label} destroy`);
  if (kind === 'versori') sameCounts(await world.emulator.counts(), EMPTY, `${label} after destroy`);
  return { phases: { up, noopUp, preview, refresh, destroy }, state };
}

/** The API floor of `groups`: creates, then one read per object, then deletes, each phase timed on its own. */
export async function runFloors(world: BenchWorld, groups: GroupSpec[], parallel: number): Promise<Record<FloorPhase, FloorResult>> {
  const { emulator } = world;
  const counted = async (run: () => Promise<number>): Promise<FloorResult> => {
    const mark = emulator.mark();
    const seconds = await run();
    return { seconds: round(seconds, 3), requests: countByOperation(emulator.requestsSince(mark)) };
  };
  let created: CreatedGroup[] = [];
  const up = await counted(async () => {
    const result = await createFloor(emulator.target, groups, parallel);
    created = result.value;
    return result.seconds;
  });
  sameCounts(await emulator.counts(), countsOf(groups), 'after the create floor');
  const refresh = await counted(() => readFloor(emulator.target, created, parallel));
  const destroy = await counted(() => deleteFloor(emulator.target, created, parallel));
  sameCounts(await emulator.counts(), EMPTY, 'after the delete floor');
  return { up, refresh, destroy };
}
