// The request counts of examples/versions (a connector version with definitions, actions and a trigger, published)
// through the bare CLI: what each phase must send, by operation, and a run that measures it. The least the contract
// allows is one request per object created, changed or deleted, plus the follow-up writes the contract itself
// requires: a version's description and a publication's isDefault are PUTs of the whole version after the create or
// the publish, and categories have their own endpoint. Shared with the consumer suite (test/consumer/versions.test.ts).
import type { ProgramFolder } from '../scripts/program-folder';
import type { EmulatorProcess } from '../scripts/packed-install';
import { countByOperation, type RequestCounts } from './requests';

const C = '/connectors/{connectorId}';
const V = `${C}/versions/{version}`;

/** The operations examples/versions sends, as `METHOD /path/template` (see requests.ts). */
export const VERSION_OPERATIONS = {
  createConnector: 'POST /protocols/http/connectors',
  deleteConnector: `DELETE ${C}`,
  categories: `PUT ${C}/categories`,
  createVersion: `POST ${C}/versions`,
  updateVersion: `PUT ${V}`,
  deleteVersion: `DELETE ${V}`,
  publish: `POST ${V}/publish`,
  unpublish: `POST ${V}/unpublish`,
  createDefinitions: `POST ${V}/definitions`,
  deleteDefinition: `DELETE ${V}/definitions/{definitionName}`,
  createAction: `POST ${V}/actions`,
  updateAction: `PUT ${V}/actions/{actionName}`,
  deleteAction: `DELETE ${V}/actions/{actionName}`,
  createTrigger: `POST ${V}/triggers`,
  deleteTrigger: `DELETE ${V}/triggers/{triggerName}`,
} as const;
const OP = VERSION_OPERATIONS;

/** The version's own objects: the version, 2 definitions, 2 actions, 1 trigger. */
const CREATE_VERSION: RequestCounts = { [OP.createVersion]: 1, [OP.createDefinitions]: 2, [OP.createAction]: 2, [OP.createTrigger]: 1 };
const DELETE_VERSION: RequestCounts = { [OP.deleteVersion]: 1, [OP.deleteDefinition]: 2, [OP.deleteAction]: 2, [OP.deleteTrigger]: 1 };
/** The description after the version's create, isDefault after the publish. */
const VERSION_PUTS: RequestCounts = { [OP.updateVersion]: 2 };

/** The config change of the `newVersion` phase: the action's path, given a new version name. */
export const NEW_VERSION_CONFIG = { catalogVersion: '1.1.0', productPath: '/v2/products/{{ param.id }}' };

/** Mutating requests each phase may send, by operation; reads are not counted except where a phase must send none. */
export const EXPECTED_VERSION_REQUESTS = {
  up: { [OP.createConnector]: 1, [OP.categories]: 1, ...CREATE_VERSION, ...VERSION_PUTS, [OP.publish]: 1 },
  /** No request at all, reads included. */
  noChangeUp: {},
  /** The new version with its children, published, then the old one unpublished and deleted with its children. */
  newVersion: { ...CREATE_VERSION, ...VERSION_PUTS, [OP.publish]: 1, [OP.unpublish]: 1, ...DELETE_VERSION },
  destroy: { [OP.unpublish]: 1, ...DELETE_VERSION, [OP.deleteConnector]: 1 },
} satisfies Record<string, RequestCounts>;

export type VersionPhase = keyof typeof EXPECTED_VERSION_REQUESTS;
export const VERSION_PHASES = Object.keys(EXPECTED_VERSION_REQUESTS) as VersionPhase[];

/** Requests by operation: every request for the no-change `up` (which must send none), mutating ones for the rest. */
export type VersionRequests = Record<VersionPhase, RequestCounts>;

async function counted(emulator: EmulatorProcess, phase: VersionPhase, run: () => Promise<unknown>): Promise<RequestCounts> {
  const mark = emulator.mark();
  await run();
  const sent = emulator.requestsSince(mark);
  return countByOperation(phase === 'noChangeUp' ? sent : sent.filter((r) => r.method !== 'GET'));
}

/** up, a no-change up, the change under a new version name, destroy: the requests of each. */
export async function measureVersionRequests(program: ProgramFolder, emulator: EmulatorProcess): Promise<VersionRequests> {
  const up = await counted(emulator, 'up', () => program.up());
  const noChangeUp = await counted(emulator, 'noChangeUp', () => program.up());
  await program.setPlainConfig(NEW_VERSION_CONFIG);
  const newVersion = await counted(emulator, 'newVersion', () => program.up());
  const destroy = await counted(emulator, 'destroy', () => program.destroy());
  for (const key of Object.keys(NEW_VERSION_CONFIG)) await program.removeConfig(key);
  return { up, noChangeUp, newVersion, destroy };
}
