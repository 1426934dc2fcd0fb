// The comment the renderer makes of the engine's real JSON (test/preview-summary/fixtures), line by line.
import { strict as assert } from 'assert';
import { CASES, PREVIEW_REFRESH_CASES } from '../../scripts/capture-previews';
import { renderPreviewComment } from '../../preview-summary/render';
import { notesFor } from '../../preview-summary/versori';
import type { PreviewJson, ResourceState } from '../../preview-summary/schema';
import { fixtureFile, markdownBlock, preview } from './fixtures';

function render(name: string): string {
  return renderPreviewComment(preview(name));
}

/** The summary line's counts, as the engine's changeSummary names them. */
function countsOf(summary: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const match of summary.matchAll(/(\d+) (?:to ([a-z-]+)|(unchanged))/g)) counts[match[2] ?? 'same'] = Number(match[1]);
  return counts;
}

describe('preview summary: the comment for each captured preview', () => {
  it('is, for every case, the golden Markdown file the capture script rendered', () => {
    for (const name of [...CASES.map((c) => c.name), ...PREVIEW_REFRESH_CASES]) assert.equal(render(name), fixtureFile(name, 'md'), name);
  });

  it('starts with one summary line whose counts are the engine\'s own', () => {
    for (const { name } of CASES.filter((c) => c.fails !== true)) {
      const first = render(name).split('\n')[0];
      assert.match(first, /^\*\*Pulumi preview of `dev`:\*\* /, name);
      assert.deepEqual(countsOf(first), preview(name).changeSummary, name);
    }
  });

  it('rename + secret rotation: a replace showing the name and a hidden credential, the reason, created first', () => {
    const markdown = render('replace-rename-secret');
    assert.equal(markdown.split('\n')[0], '**Pulumi preview of `dev`:** 1 to replace, 5 unchanged');
    assert.deepEqual(markdownBlock(markdown, '**replace** Connection `crm-reporting`'), [
      '- why: a credential cannot change in place: `credentials.action` changed',
      '- order: creates the new connection first, then deletes the old one',
      '- `credentials.action`: changed, hidden',
      '- `name`: `"crm-reporting"` → `"reporting-prod"`',
    ]);
  });

  it('secret rotation alone: the old connection is deleted first, and the comment says why', () => {
    assert.deepEqual(markdownBlock(render('replace-same-name'), '**replace** Connection `crm-reporting`'), [
      '- why: a credential cannot change in place: `credentials.action` changed',
      '- order: deletes the old connection first, then creates the new one (names are unique per connector: it keeps its name and stays on its connector)',
      '- `credentials.action`: changed, hidden',
    ]);
  });

  it('a Connector update: old → new per changed path, and what a connectionVariables change does', () => {
    assert.deepEqual(markdownBlock(render('update-connector'), '**update** Connector `crm`'), [
      '- note: `connectionVariables` changed: the update also rewrites the variables of every existing connection of this connector',
      '- `baseUrl`: `"https://api.example-crm.com/v2"` → `"https://api.example-crm.com/v3"`',
      '- `connectionVariables[0].value`: `"eu-west-1"` → `"eu-central-1"`',
    ]);
  });

  it('a rename alone: an update of the name; forceDelete alone: an update that sends no request', () => {
    assert.deepEqual(markdownBlock(render('rename-connection'), '**update** Connection `crm-reporting`'), [
      '- `name`: `"crm-reporting"` → `"reporting-prod"`',
    ]);
    assert.deepEqual(markdownBlock(render('force-delete'), '**update** Connector `crm`'), [
      '- note: only `forceDelete` changed: recorded in the state, no request is sent',
      '- `forceDelete`: added `true`',
    ]);
  });

  it('a replacement cascading from a protocol change: reasons, unknowns and the order of each kind', () => {
    const markdown = render('replace-connector');
    assert.deepEqual(markdownBlock(markdown, '**replace** Connector `crm`').slice(0, 2), [
      "- why: a connector's protocol cannot change in place: `protocol` changed",
      '- order: creates the new connector first, then deletes the old one',
    ]);
    assert.deepEqual(markdownBlock(markdown, '**replace** AuthSchemeConfig `crm-api-key`'), [
      '- why: an auth scheme config cannot move to another connector: `connectorId` may change (_unknown until apply_)',
      '- order: creates the new auth scheme config first, then deletes the old one',
      '- `connectorId`: `"00000000000000000000000002"` → _unknown until apply_',
    ]);
    const sync = markdownBlock(markdown, '**replace** Connection `crm-sync`');
    assert.equal(
      sync[0],
      '- why: a connection cannot move to another connector: `connectorId` may change (_unknown until apply_); a credential cannot change in place: `credentials.action` changed',
    );
    assert.match(sync[1], /^- order: deletes the old connection first, .*its connector is not known until apply\)$/);
  });

  it('creates list their inputs with unknowns and secrets as such; a delete names its id; other resources too', () => {
    const markdown = render('mixed');
    assert.equal(markdown.split('\n')[0], '**Pulumi preview of `dev`:** 3 to create, 2 to update, 1 to delete, 3 unchanged');
    assert.deepEqual(markdownBlock(markdown, '**create** Connection `erp-prod`'), [
      '- `connectorId`: _unknown until apply_',
      '- `credentials.action`: hidden (secret)',
      '- `name`: `"prod"`',
    ]);
    assert.deepEqual(markdownBlock(markdown, '**delete** Connection `crm-sync`'), [
      '- id: `00000000000000000000000002/00000000000000000000000004`',
    ]);
    assert.deepEqual(markdownBlock(markdown, '**update** `pulumi-nodejs:dynamic/notes:ReleaseNote` `release-note`'), [
      '- `text`: `"first release"` → `"second release"`',
    ]);
  });

  it('a refused program: the failure and its message first, unchanged resources counted', () => {
    assert.deepEqual(render('refused').split('\n').slice(0, 4), [
      '**Pulumi preview of `dev` failed:** 1 error (counted before it stopped: 1 unchanged)',
      '',
      '**error** in Connector `crm`:',
      '```text',
    ]);
  });

  it('`pulumi preview --refresh`: the plan after the refresh, not a block per resource read', () => {
    assert.equal(
      render('preview-refresh'),
      [
        '**Pulumi preview of `dev`:** 1 to update, 5 unchanged',
        '',
        '**update** Connector `crm`',
        '- `baseUrl`: `"https://api.example-crm.com/v9"` → `"https://api.example-crm.com/v2"`',
        '',
      ].join('\n'),
    );
  });

  it('no changes: one line', () => {
    assert.equal(render('no-changes'), '**Pulumi preview of `dev`:** no changes, 6 unchanged\n');
  });

  it('never shows an engine-internal or provider-internal input, nor a secret marker', () => {
    for (const { name } of CASES) {
      const markdown = render(name);
      assert.doesNotMatch(markdown, /__provider|declaredSchemeTypes|`config`|\[secret\]/, name);
    }
  });
});

describe('preview summary: steps other engines write, derived from the captured JSON', () => {
  function withSteps(base: PreviewJson, steps: NonNullable<PreviewJson['steps']>): PreviewJson {
    return { ...base, steps, changeSummary: undefined };
  }
  /** The rename + rotation, as a resource not ours, its replacement written as the engine's separate halves. */
  function halves(ops: string[]): PreviewJson {
    const base = preview('replace-rename-secret');
    const replace = (base.steps ?? []).find((step) => step.op === 'replace');
    assert.ok(replace?.oldState && replace.newState);
    const urn = replace.urn.replace('pulumi-nodejs:dynamic/versori:Connection', 'example:index:Thing');
    const state = (s: ResourceState) => ({ ...s, urn, type: 'example:index:Thing' });
    const { oldState, newState } = replace;
    return withSteps(base, ops.map((op) => ({ ...replace, op, urn, oldState: state(oldState), newState: state(newState) })));
  }

  it('delete-replaced before create-replacement: the old one goes first', () => {
    const lines = renderPreviewComment(halves(['delete-replaced', 'replace', 'create-replacement'])).split('\n');
    assert.equal(lines[0], '**Pulumi preview of `dev`:** 1 to replace');
    assert.equal(lines[2], '**replace** `example:index:Thing` `crm-reporting`');
    assert.equal(lines[4], '- order: deletes the old resource first, then creates the new one');
  });

  it('create-replacement first: the new one comes first; a lone replace of a resource not ours says nothing of order', () => {
    assert.match(renderPreviewComment(halves(['create-replacement', 'replace', 'delete-replaced'])), /- order: creates the new resource first, then deletes the old one/);
    assert.doesNotMatch(renderPreviewComment(halves(['replace'])), /order:/);
  });

  it('a create with adoptId adopts; a delete with forceDelete deletes even in use', () => {
    const base = preview('mixed');
    const steps = (base.steps ?? []).map((step) => {
      if (step.op === 'create' && step.newState?.type === 'pulumi-nodejs:dynamic/versori:Connector') {
        return { ...step, newState: { ...step.newState, inputs: { ...step.newState.inputs, adoptId: '01HF3Z6Q8W9V2T5K7M4N0PXYZA' } } };
      }
      if (step.op === 'delete' && step.oldState) return { ...step, oldState: { ...step.oldState, inputs: { ...step.oldState.inputs, forceDelete: true } } };
      return step;
    });
    const markdown = renderPreviewComment(withSteps(base, steps));
    assert.equal(markdownBlock(markdown, '**create** Connector `erp`')[0], '- note: adopts the existing connector `01HF3Z6Q8W9V2T5K7M4N0PXYZA` instead of creating one');
    assert.equal(markdownBlock(markdown, '**delete** Connection `crm-sync`')[0], '- note: `forceDelete` is set: deleted even while in use');
  });

  it('a create with adopt: true (a version, what lives in one) adopts the object its inputs name', () => {
    const inputs = { connectorId: '01HF3Z6Q8W9V2T5K7M4N0PXYZA', versionName: '1.0', name: 'product', adopt: true };
    assert.deepEqual(notesFor('pulumi-nodejs:dynamic/versori:Definition', 'create', [], inputs), ['adopts the existing definition its inputs name instead of creating one']);
    assert.deepEqual(notesFor('pulumi-nodejs:dynamic/versori:Definition', 'update', [], inputs), []);
  });

  it('an update of internal inputs only says so', () => {
    const base = preview('rename-connection');
    const steps = (base.steps ?? []).map((step) => {
      if (step.op !== 'update' || !step.newState) return step;
      const inputs = { ...step.oldState?.inputs, __provider: 'exports.handler = another' };
      return { ...step, detailedDiff: { __provider: { kind: 'update', inputDiff: true } }, newState: { ...step.newState, inputs } };
    });
    assert.deepEqual(markdownBlock(renderPreviewComment(withSteps(base, steps)), '**update** Connection `crm-reporting`'), [
      '- no property shown: only inputs internal to the engine or the provider differ',
    ]);
  });

  it('a step without a detailed diff is diffed from its inputs', () => {
    const base = preview('update-connector');
    const steps = (base.steps ?? []).map((step) => ({ ...step, detailedDiff: null }));
    const block = markdownBlock(renderPreviewComment(withSteps(base, steps)), '**update** Connector `crm`');
    assert.deepEqual(block.slice(1), [
      '- `baseUrl`: `"https://api.example-crm.com/v2"` → `"https://api.example-crm.com/v3"`',
      '- `connectionVariables[0].value`: `"eu-west-1"` → `"eu-central-1"`',
    ]);
  });
});
