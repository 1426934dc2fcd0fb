// `pulumi preview --json` output as a pull-request comment: one summary line, then each changed resource with its
// action and changed properties, within GitHub's comment size; unchanged resources are only counted.
import { countByAction, resourceChanges, stackOf, type ResourceChange } from './changes';
import { block, diagnosticBlocks, errorCount, fit, limitedProperties, markerLines, typeLabel, type FullText, type RenderOptions } from './layout';
import { code, formatChange, formatValue, ONLY_INTERNAL, UNKNOWN_TEXT } from './markdown';
import { topLevelProperty } from './properties';
import type { PreviewJson } from './schema';
import { nounFor, replaceReasonInWords } from './versori';

export { GITHUB_COMMENT_LIMIT, type RenderOptions } from './layout';

const FULL_PREVIEW: FullText = { kept: 'comment', full: 'preview', command: 'pulumi preview --diff' };

function summaryLine(preview: PreviewJson, changes: readonly ResourceChange[]): string {
  const stack = stackOf(preview);
  const title = stack === undefined ? 'Pulumi preview' : `Pulumi preview of ${code(stack)}`;
  const errors = errorCount(preview.diagnostics);
  const counts = countByAction(preview, changes).map(([action, n]) => (action === 'same' ? `${n} unchanged` : `${n} to ${action}`));
  if (errors > 0) {
    const sofar = counts.length > 0 ? ` (counted before it stopped: ${counts.join(', ')})` : '';
    return `**${title} failed:** ${errors} ${errors === 1 ? 'error' : 'errors'}${sofar}`;
  }
  const changed = changes.some((change) => change.action !== 'same');
  return `**${title}:** ${(changed ? counts : ['no changes', ...counts]).join(', ')}`;
}

function reasonLine(change: ResourceChange): string | undefined {
  if (change.replaceReasons.length === 0) return undefined;
  const reasons = change.replaceReasons.map((property) => {
    const paths = change.changes.filter((candidate) => topLevelProperty(candidate.path) === property);
    const named = paths.length > 0 ? paths.map((candidate) => code(candidate.path)).join(', ') : code(property);
    const unknown = paths.length > 0 && paths.every((candidate) => candidate.new.state === 'unknown');
    const what = unknown ? `${named} may change (${UNKNOWN_TEXT})` : `${named} changed`;
    const words = replaceReasonInWords(change.type, property);
    return words === undefined ? what : `${words}: ${what}`;
  });
  return `why: ${reasons.join('; ')}`;
}

function orderLine(change: ResourceChange): string | undefined {
  const noun = nounFor(change.type);
  if (change.deleteFirst === undefined) return undefined;
  if (!change.deleteFirst) return `order: creates the new ${noun} first, then deletes the old one`;
  const reason = change.deleteFirstReason === undefined ? '' : ` (${change.deleteFirstReason})`;
  return `order: deletes the old ${noun} first, then creates the new one${reason}`;
}

function propertyLines(change: ResourceChange): string[] {
  const lines =
    change.action === 'create'
      ? change.inputs.map((input) => `${code(input.path)}: ${formatValue(input.value)}`)
      : change.changes.map(formatChange);
  if (lines.length === 0 && (change.action === 'update' || change.action === 'replace')) return [ONLY_INTERNAL];
  return limitedProperties(lines);
}

/** One resource: a title line, then a list of why, order, notes and properties. */
function resourceBlock(change: ResourceChange): string {
  const title = `**${change.action}** ${typeLabel(change.type)} ${code(change.name)}`;
  const idLine = change.action !== 'create' && change.action !== 'update' && change.action !== 'replace' && change.id !== undefined;
  return block(title, [
    reasonLine(change),
    orderLine(change),
    ...change.notes.map((note) => `note: ${note}`),
    idLine ? `id: ${code(change.id ?? '')}` : undefined,
    ...propertyLines(change),
  ]);
}

/** The comment for a preview. Pure: the same preview and options always give the same text. */
export function renderPreviewComment(preview: PreviewJson, options: RenderOptions = {}): string {
  const changes = resourceChanges(preview);
  const head = [summaryLine(preview, changes), ...diagnosticBlocks(preview.diagnostics ?? [])];
  const blocks = changes.filter((change) => change.action !== 'same').map(resourceBlock);
  return fit(head, blocks, markerLines(options.marker), options, FULL_PREVIEW);
}
