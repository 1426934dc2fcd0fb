// `pulumi refresh --preview-only --json` output as a drift report: what changed on the platform outside Pulumi since
// the stack's last update, property by property (the value last applied → the platform's value), and what is gone
// from it. The engine reads every resource; one that still matches is a `refresh` step, one that drifted an `update`
// (its old state the last applied, its new state what the platform holds), one the platform no longer has a `delete`.
import { parseUrn, stackOf } from './changes';
import { block, diagnosticBlocks, errorCount, fit, limitedProperties, markerLines, typeLabel, type FullText, type RenderOptions } from './layout';
import { code, formatChange, ONLY_INTERNAL } from './markdown';
import { changedProperties, type PropertyChange, type PropertyRules } from './properties';
import type { PreviewJson, Step } from './schema';
import { propertyRules } from './versori';

const REFRESH_OPS = new Set(['refresh', 'update', 'delete']);

export type InputKind = 'preview' | 'refresh';

/**
 * Which command printed the JSON. A refresh lists each resource it read once, the stack included, and only as
 * `refresh`, `update` or `delete`; a preview lists the stack as `same` (or another planned op), and
 * `pulumi preview --refresh` lists its refresh steps and then the plan's, the stack twice. Undefined when the steps
 * do not tell (there are none).
 */
export function inputKind(preview: PreviewJson): InputKind | undefined {
  const steps = preview.steps ?? [];
  if (steps.some((step) => !REFRESH_OPS.has(step.op))) return 'preview';
  if (new Set(steps.map((step) => step.urn)).size < steps.length) return 'preview';
  return steps.some((step) => step.op === 'refresh') ? 'refresh' : undefined;
}

export interface DriftedResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly id?: string;
  /** `changed` (the platform's object differs from the state), `gone` (the platform no longer has it), or the op. */
  readonly drift: string;
  /** For a changed resource, each property whose platform value differs from the last applied one. */
  readonly changes: readonly PropertyChange[];
}

export interface Drift {
  readonly stack?: string;
  /** In URN order, so that the same drift always reads the same. */
  readonly resources: readonly DriftedResource[];
  /** Resources that match the platform, the stack itself included, as the engine counts them. */
  readonly unchanged: number;
  readonly errors: number;
}

const DRIFT_BY_OP: Record<string, string> = { update: 'changed', delete: 'gone' };

/**
 * What differs in a drifted resource: its inputs, as the engine's detailed diff or a comparison gives them; when
 * those show nothing (a provider whose read records no inputs), its outputs.
 */
function driftedProperties(step: Step, rules: PropertyRules): PropertyChange[] {
  const changes = changedProperties(step, rules);
  const { oldState, newState } = step;
  if (changes.length > 0 || Object.keys(step.detailedDiff ?? {}).length > 0 || !oldState || !newState) return changes;
  const outputsOnly = { ...step, oldState: { ...oldState, inputs: oldState.outputs }, newState: { ...newState, inputs: newState.outputs } };
  return changedProperties(outputsOnly, rules);
}

function driftedResource(step: Step): DriftedResource {
  const type = step.oldState?.type ?? step.newState?.type ?? parseUrn(step.urn).type;
  return {
    urn: step.urn,
    type,
    name: parseUrn(step.urn).name,
    id: step.oldState?.id ?? step.newState?.id,
    drift: DRIFT_BY_OP[step.op] ?? step.op,
    changes: step.op === 'update' ? driftedProperties(step, propertyRules(type)) : [],
  };
}

/** The drift a refresh preview found. */
export function driftOf(preview: PreviewJson): Drift {
  const steps = preview.steps ?? [];
  const resources = steps
    .filter((step) => step.op !== 'refresh')
    .map(driftedResource)
    .sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
  const unchanged = preview.changeSummary?.same ?? steps.filter((step) => step.op === 'refresh').length;
  return { stack: stackOf(preview), resources, unchanged, errors: errorCount(preview.diagnostics) };
}

const FULL_REPORT: FullText = { kept: 'report', full: 'report', command: 'pulumi refresh --preview-only --diff' };

const LEGEND =
  "_Changed outside Pulumi since the stack's last update: each property as the value last applied → the value on the " +
  "platform now, a secret only as changed. `pulumi refresh` would record the platform's values in the state; " +
  "`pulumi up --refresh` would put back the program's._";

const COUNT_WORDS: Record<string, string> = { changed: 'changed on the platform', gone: 'gone from the platform' };

function counts(drift: Drift): string[] {
  const byDrift = new Map<string, number>();
  for (const resource of drift.resources) byDrift.set(resource.drift, (byDrift.get(resource.drift) ?? 0) + 1);
  const rank = (label: string) => (label === 'changed' ? 0 : label === 'gone' ? 1 : 2);
  const drifted = [...byDrift].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
  const words = drifted.map(([label, n]) => `${n} ${COUNT_WORDS[label] ?? `to ${label}`}`);
  return drift.unchanged > 0 ? [...words, `${drift.unchanged} unchanged`] : words;
}

function titleLine(drift: Drift): string {
  const where = drift.stack === undefined ? '' : ` in ${code(drift.stack)}`;
  if (drift.errors > 0) {
    const sofar = counts(drift).length > 0 ? ` (counted before it stopped: ${counts(drift).join(', ')})` : '';
    const of = drift.stack === undefined ? '' : ` of ${code(drift.stack)}`;
    return `**Drift check${of} failed:** ${drift.errors} ${drift.errors === 1 ? 'error' : 'errors'}${sofar}`;
  }
  if (drift.resources.length === 0) return `**No drift${where}:** the platform matches the state, ${drift.unchanged} unchanged`;
  return `**Drift${where}:** ${counts(drift).join(', ')}`;
}

function resourceBlock(resource: DriftedResource): string {
  const title = `**${resource.drift}** ${typeLabel(resource.type)} ${code(resource.name)}`;
  if (resource.drift === 'changed') {
    const lines = resource.changes.map(formatChange);
    return block(title, lines.length === 0 ? [ONLY_INTERNAL] : limitedProperties(lines));
  }
  const id = resource.id === undefined ? undefined : `id: ${code(resource.id)}`;
  const gone = resource.drift === 'gone' ? 'not found on the platform any more: a refresh would remove it from the state' : undefined;
  return block(title, [id, gone]);
}

/** The drift report for a refresh preview. Pure: the same refresh and options always give the same text. */
export function renderDriftReport(preview: PreviewJson, options: RenderOptions = {}): string {
  const drift = driftOf(preview);
  const legend = drift.resources.length > 0 ? [LEGEND] : [];
  const head = [titleLine(drift), ...legend, ...diagnosticBlocks(preview.diagnostics ?? [])];
  return fit(head, drift.resources.map(resourceBlock), markerLines(options.marker), options, FULL_REPORT);
}
