// The preview's steps as one change per resource: its action, the properties it changes (or is created with), and
// for a replacement the properties that force it and whether the old object goes first.
import { changedProperties, createdProperties, type PropertyChange, type Value } from './properties';
import type { PreviewJson, Step } from './schema';
import { deleteFirstReason, deletesBeforeReplace, notesFor, propertyRules } from './versori';

export interface ResourceChange {
  readonly urn: string;
  /** The resource's type token, e.g. `pulumi-nodejs:dynamic/versori:Connection`. */
  readonly type: string;
  readonly name: string;
  /** create, update, replace, delete, same, or the engine's name for a rarer step (read, import, refresh, discard…). */
  readonly action: string;
  readonly id?: string;
  /** What an update or replacement changes. */
  readonly changes: readonly PropertyChange[];
  /** What a resource is created with. */
  readonly inputs: ReadonlyArray<{ readonly path: string; readonly value: Value }>;
  /** Top-level properties whose change forces a replacement. */
  readonly replaceReasons: readonly string[];
  /** For a replacement whose order is known: true when the old object is deleted first. */
  readonly deleteFirst?: boolean;
  /** Why the old object is deleted first, for one of ours. */
  readonly deleteFirstReason?: string;
  readonly notes: readonly string[];
}

const REPLACEMENT_OPS = new Set(['replace', 'create-replacement', 'delete-replaced']);

/** The parts of a URN: `urn:pulumi:<stack>::<project>::<parent$type>::<name>`. */
export function parseUrn(urn: string): { stack: string; type: string; name: string } {
  const parts = urn.split('::');
  const qualifiedType = parts[2] ?? '';
  return {
    stack: (parts[0] ?? '').replace(/^urn:pulumi:/, ''),
    type: qualifiedType.split('$').pop() ?? qualifiedType,
    name: parts.slice(3).join('::'),
  };
}

function actionOf(ops: readonly string[]): string {
  if (ops.some((op) => REPLACEMENT_OPS.has(op))) return 'replace';
  return ops[0].replace(/-replacement$/, '');
}

/** The order the engine's own steps give, when it lists the two halves of a replacement separately. */
function orderFromOps(ops: readonly string[]): boolean | undefined {
  const deleted = ops.indexOf('delete-replaced');
  const created = ops.indexOf('create-replacement');
  return deleted === -1 || created === -1 ? undefined : deleted < created;
}

function toChange(urn: string, steps: readonly Step[]): ResourceChange {
  const ops = steps.map((step) => step.op);
  const action = actionOf(ops);
  const main = steps.find((step) => step.op === 'replace') ?? steps[0];
  const oldState = steps.find((step) => step.oldState)?.oldState ?? undefined;
  const newState = steps.find((step) => step.newState)?.newState ?? undefined;
  const type = newState?.type ?? oldState?.type ?? parseUrn(urn).type;
  const rules = propertyRules(type);
  const changes = action === 'update' || action === 'replace' ? changedProperties({ ...main, oldState, newState }, rules) : [];
  const inputs = action === 'create' ? createdProperties(newState, rules) : [];
  const replaceReasons = (steps.find((step) => (step.replaceReasons ?? []).length > 0)?.replaceReasons ?? []).filter((reason) => !rules.hidden(reason));
  const deleteFirst =
    action === 'replace'
      ? orderFromOps(ops) ?? deletesBeforeReplace(type, oldState?.inputs ?? {}, newState?.inputs ?? {})
      : undefined;
  return {
    urn,
    type,
    name: parseUrn(urn).name,
    action,
    id: oldState?.id ?? newState?.id,
    changes,
    inputs,
    replaceReasons,
    deleteFirst,
    deleteFirstReason: deleteFirst === true ? deleteFirstReason(type, newState?.inputs ?? {}) : undefined,
    notes: notesFor(type, action, changes, action === 'delete' ? oldState?.inputs : newState?.inputs),
  };
}

/**
 * One change per resource, in the order the engine planned them. The `refresh` steps `pulumi preview --refresh`
 * lists first are left out: the plan's own steps that follow them say what would change.
 */
export function resourceChanges(preview: PreviewJson): ResourceChange[] {
  const byUrn = new Map<string, Step[]>();
  for (const step of (preview.steps ?? []).filter((candidate) => candidate.op !== 'refresh')) {
    const steps = byUrn.get(step.urn);
    if (steps === undefined) byUrn.set(step.urn, [step]);
    else steps.push(step);
  }
  return [...byUrn].map(([urn, steps]) => toChange(urn, steps));
}

/** The stack the preview is of, from its first URN. */
export function stackOf(preview: PreviewJson): string | undefined {
  const urn = preview.steps?.[0]?.urn ?? preview.diagnostics?.find((diagnostic) => diagnostic.urn)?.urn;
  return urn === undefined ? undefined : parseUrn(urn).stack;
}

const ORDER = ['create', 'update', 'replace', 'delete'];

/**
 * How many resources each action touches, in the order create, update, replace, delete, others, unchanged. The
 * engine lists only some unchanged resources as steps; its change summary counts them all.
 */
export function countByAction(preview: PreviewJson, changes: readonly ResourceChange[]): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const change of changes) counts.set(change.action, (counts.get(change.action) ?? 0) + 1);
  const unchanged = preview.changeSummary?.same ?? counts.get('same') ?? 0;
  if (unchanged > 0) counts.set('same', unchanged);
  else counts.delete('same');
  const rank = (action: string) => (action === 'same' ? ORDER.length + 1 : ORDER.includes(action) ? ORDER.indexOf(action) : ORDER.length);
  return [...counts].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
}
