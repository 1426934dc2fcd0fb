// What a stack's state costs: the bytes of `pulumi stack export` per resource, and what they are made of. The CLI
// rewrites the whole state after every step, so these bytes are paid N times per operation.
import type { ProgramFolder } from '../scripts/program-folder';

export interface StatePart {
  /** A resource's field (`urn`, `dependencies`, ...) or one of its properties (`inputs.name`, `outputs.config`). */
  part: string;
  /** Mean bytes per resource of the field's `"key":value` in compact JSON. */
  bytesPerResource: number;
}

export interface StateSize {
  /** Bytes of `pulumi stack export`. */
  bytes: number;
  /** The stack's resources besides the stack itself and the default provider. */
  resources: number;
  /** `bytes` divided by `resources` (null when there are none). */
  bytesPerResource: number | null;
  /** Bytes of the longest `__provider` text (null when there is none). */
  providerBytes: number | null;
  /** Mean compact-JSON bytes per resource of the resources' fields and properties, largest first. */
  parts: StatePart[];
  /** Mean compact-JSON bytes of one resource of each type (`Connector`, ...). */
  byType: Record<string, number>;
  /** Bytes per resource not in those parts: the export's indentation and the stack's own entries. */
  otherBytesPerResource: number | null;
}

type StateResource = Record<string, unknown> & { type?: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> };

/** Types of the resources every stack has: the stack and the default provider. */
const BOOKKEEPING = /^pulumi:(pulumi:Stack|providers:)/;

const bytesOf = (value: unknown): number => Buffer.byteLength(JSON.stringify(value), 'utf8');
/** `"key":value,` in compact JSON. */
const entryBytes = (key: string, value: unknown): number => bytesOf(key) + 1 + bytesOf(value) + 1;

function resourcesOf(exported: unknown): StateResource[] {
  const deployment = (exported as { deployment?: { resources?: StateResource[] } }).deployment;
  return (deployment?.resources ?? []).filter((resource) => !BOOKKEEPING.test(String(resource.type)));
}

function addParts(totals: Map<string, number>, resource: StateResource): void {
  const add = (part: string, bytes: number): void => void totals.set(part, (totals.get(part) ?? 0) + bytes);
  for (const [key, value] of Object.entries(resource)) {
    if ((key === 'inputs' || key === 'outputs') && typeof value === 'object' && value !== null) {
      add(`${key} {}`, entryBytes(key, {}));
      for (const [property, item] of Object.entries(value)) add(`${key}.${property}`, entryBytes(property, item));
    } else {
      add(key, entryBytes(key, value));
    }
  }
}

/** Measures the text of `pulumi stack export`. */
export function measureState(exportedText: string): StateSize {
  const bytes = Buffer.byteLength(exportedText, 'utf8');
  const resources = resourcesOf(JSON.parse(exportedText));
  const totals = new Map<string, number>();
  resources.forEach((resource) => addParts(totals, resource));
  const providers = resources
    .map((resource) => resource.inputs?.__provider)
    .filter((provider): provider is string => typeof provider === 'string')
    .map((provider) => Buffer.byteLength(provider, 'utf8'));
  const n = resources.length;
  const perResource = (value: number): number => Math.round(value / n);
  const parts = [...totals.entries()]
    .map(([part, total]) => ({ part, bytesPerResource: perResource(total) }))
    .sort((a, b) => b.bytesPerResource - a.bytesPerResource || a.part.localeCompare(b.part));
  const inParts = [...totals.values()].reduce((a, b) => a + b, 0);
  const byType: Record<string, number[]> = {};
  for (const resource of resources) (byType[String(resource.type).split(':').pop() ?? ''] ??= []).push(bytesOf(resource));
  return {
    bytes,
    resources: n,
    bytesPerResource: n === 0 ? null : perResource(bytes),
    providerBytes: providers.length === 0 ? null : Math.max(...providers),
    parts: n === 0 ? [] : parts,
    byType: Object.fromEntries(Object.entries(byType).map(([type, sizes]) => [type, Math.round(sizes.reduce((a, b) => a + b, 0) / sizes.length)])),
    otherBytesPerResource: n === 0 ? null : perResource(bytes - inParts),
  };
}

/** Measures a stack's state as `pulumi stack export` prints it. */
export async function stackState(stack: ProgramFolder): Promise<StateSize> {
  return measureState((await stack.run(['stack', 'export', '--stack', stack.options.stack])).stdout);
}
