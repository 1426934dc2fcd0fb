// What the real CLI printed for `pulumi refresh --preview-only` after each kind of change made on the platform
// outside Pulumi (captured by scripts/capture-previews.ts), property by property, and the drift report made of it.
import { strict as assert } from 'assert';
import { CASES, DRIFT_CASES, DRIFTED_BASE_URL, DRIFTED_CONNECTION_NAME, PREVIEW_REFRESH_CASES, ROTATED_KEY, SECRETS } from '../../scripts/capture-previews';
import { driftOf, inputKind, renderDriftReport } from '../../preview-summary/drift';
import type { PreviewJson } from '../../preview-summary/schema';
import { engineJson, engineStep, fixtureFile, markdownBlock, preview, textBlock } from './fixtures';

const CONNECTOR = 'pulumi-nodejs:dynamic/versori:Connector';
const CONNECTION = 'pulumi-nodejs:dynamic/versori:Connection';
const ORIGINAL_BASE_URL = 'https://api.example-crm.com/v2';

function render(name: string): string {
  return renderDriftReport(preview(name));
}

/** The ops of a capture's steps, by resource name. */
function opsOf(name: string): Record<string, string> {
  return Object.fromEntries(engineJson(name).steps.map((step) => [step.urn.split('::').pop() ?? '', step.op]));
}

describe('drift fixtures: what `pulumi refresh --preview-only --json` prints', () => {
  it('with no drift: every resource, the stack included, a `refresh` step whose state is unchanged', () => {
    const json = engineJson('drift-none');
    assert.deepEqual(json.changeSummary, { same: 6 });
    assert.equal(json.steps.length, 6);
    for (const step of json.steps) {
      assert.equal(step.op, 'refresh', step.urn);
      assert.equal(step.detailedDiff, null, step.urn);
      assert.deepEqual(step.newState?.inputs, step.oldState?.inputs, step.urn);
    }
    assert.match(fixtureFile('drift-none', 'txt'), /^Previewing refresh \(dev\):\n[\s\S]*Resources:\n\s+6 unchanged\n$/);
  });

  it("a connector's base URL changed on the platform: an `update` step, the last applied value old, the platform's new", () => {
    const step = engineStep('drift-connector', 'crm');
    assert.equal(step.op, 'update');
    assert.deepEqual(step.diffReasons, ['baseUrl']);
    assert.deepEqual(step.detailedDiff, { baseUrl: { kind: 'update', inputDiff: true } });
    assert.equal(step.oldState?.inputs?.baseUrl, ORIGINAL_BASE_URL);
    assert.equal(step.newState?.inputs?.baseUrl, DRIFTED_BASE_URL);
    assert.deepEqual(engineJson('drift-connector').changeSummary, { update: 1, same: 5 });
    assert.deepEqual(Object.values(opsOf('drift-connector')).sort(), ['refresh', 'refresh', 'refresh', 'refresh', 'refresh', 'update']);
    const text = textBlock('drift-connector', 'crm').map((line) => line.trim());
    assert.equal(text[0], `~ ${CONNECTOR}: (update)`);
    assert.equal(text.at(-1), `~ baseUrl: "${ORIGINAL_BASE_URL}" => "${DRIFTED_BASE_URL}"`);
  });

  it('a connection renamed and its credential moved on the platform: the credentials only as "[secret]", changed', () => {
    const step = engineStep('drift-connection', 'crm-reporting');
    assert.equal(step.op, 'update');
    assert.deepEqual(step.diffReasons, ['credentials', 'name']);
    assert.deepEqual(step.detailedDiff, {
      'credentials.action': { kind: 'update', inputDiff: true },
      name: { kind: 'update', inputDiff: true },
    });
    assert.deepEqual(step.oldState?.inputs?.credentials, { action: '[secret]' });
    assert.deepEqual(step.newState?.inputs?.credentials, { action: '[secret]' });
    assert.equal(step.newState?.inputs?.name, DRIFTED_CONNECTION_NAME);
    const changes = textBlock('drift-connection', 'crm-reporting').map((line) => line.trim()).filter((line) => !line.startsWith('['));
    assert.deepEqual(changes, [`~ ${CONNECTION}: (update)`, '~ credentials: {', '~ action: [secret] => [secret]', '}', `~ name       : "crm-reporting" => "${DRIFTED_CONNECTION_NAME}"`]);
  });

  it('a connection deleted on the platform: a `delete` step with the old state only', () => {
    const step = engineStep('drift-deleted', 'crm-sync');
    assert.equal(step.op, 'delete');
    assert.equal(step.newState, undefined);
    assert.equal(step.oldState?.inputs?.name, 'crm-sync');
    assert.deepEqual(engineJson('drift-deleted').changeSummary, { delete: 1, same: 5 });
    assert.equal(textBlock('drift-deleted', 'crm-sync')[0].trim(), `- ${CONNECTION}: (delete)`);
  });

  it('`pulumi preview --refresh --json` lists a refresh step for every resource, then the plan: the stack twice', () => {
    const steps = engineJson('preview-refresh').steps;
    assert.deepEqual(steps.slice(0, 6).map((step) => step.op), Array(6).fill('refresh'));
    assert.deepEqual(steps.slice(6).map((step) => [step.op, step.urn.split('::').pop()]), [['same', 'previews-dev'], ['update', 'crm']]);
    const update = steps[7];
    assert.equal(update.oldState?.inputs?.baseUrl, DRIFTED_BASE_URL, 'the plan starts from the refreshed state');
    assert.equal(update.newState?.inputs?.baseUrl, ORIGINAL_BASE_URL);
  });

  it('no captured drift file holds a secret value, an absolute path or an emulator port', () => {
    const secrets = [...Object.values(SECRETS), ROTATED_KEY];
    const files = [...DRIFT_CASES.flatMap(({ name }) => [`${name}.json`, `${name}.txt`, `${name}.md`]), ...PREVIEW_REFRESH_CASES.map((name) => `${name}.json`)];
    for (const file of files) {
      const [name, extension] = file.split('.') as [string, 'json' | 'txt' | 'md'];
      const text = fixtureFile(name, extension);
      for (const secret of secrets) assert.ok(!text.includes(secret), `${file} holds a secret`);
      assert.doesNotMatch(text, /\/tmp\/|\/home\/|\/root\/|127\.0\.0\.1:(?!8787\b)\d+/, file);
    }
  });
});

describe('drift report: each captured refresh', () => {
  it('is, for every case, the golden Markdown file the capture script rendered', () => {
    for (const { name } of DRIFT_CASES) assert.equal(render(name), fixtureFile(name, 'md'), name);
  });

  it('is told from a preview by its steps: every drift case is a refresh, every preview (with --refresh too) is not', () => {
    for (const { name } of DRIFT_CASES) assert.equal(inputKind(preview(name)), 'refresh', name);
    for (const name of [...CASES.map((c) => c.name), ...PREVIEW_REFRESH_CASES]) assert.equal(inputKind(preview(name)), 'preview', name);
    assert.equal(inputKind({ steps: [] }), undefined);
  });

  it('no drift: one line, the engine\'s count', () => {
    assert.equal(render('drift-none'), '**No drift in `dev`:** the platform matches the state, 6 unchanged\n');
  });

  it('a plain property: the title counts it, then old → platform value', () => {
    const markdown = render('drift-connector');
    assert.equal(markdown.split('\n')[0], '**Drift in `dev`:** 1 changed on the platform, 5 unchanged');
    assert.match(markdown.split('\n')[2], /^_Changed outside Pulumi .*value last applied → the value on the platform now, a secret only as changed\./);
    assert.deepEqual(markdownBlock(markdown, '**changed** Connector `crm`'), [`- \`baseUrl\`: \`"${ORIGINAL_BASE_URL}"\` → \`"${DRIFTED_BASE_URL}"\``]);
  });

  it('the secret-bearing connection: its credentials only said to change, its name old → platform value', () => {
    assert.deepEqual(markdownBlock(render('drift-connection'), '**changed** Connection `crm-reporting`'), [
      '- `credentials.action`: changed, hidden',
      `- \`name\`: \`"crm-reporting"\` → \`"${DRIFTED_CONNECTION_NAME}"\``,
    ]);
  });

  it('a deleted connection: said to be gone, with its id, and what a refresh would do', () => {
    const markdown = render('drift-deleted');
    assert.equal(markdown.split('\n')[0], '**Drift in `dev`:** 1 gone from the platform, 5 unchanged');
    const block = markdownBlock(markdown, '**gone** Connection `crm-sync`');
    assert.match(block[0], /^- id: `\d{26}\/\d{26}`$/);
    assert.equal(block[1], '- not found on the platform any more: a refresh would remove it from the state');
  });
});

describe('drift report: refreshes derived from the captured ones', () => {
  /** The drift-connector refresh with the deleted connection of drift-deleted as well, steps in `order`. */
  function twoDrifts(order: (steps: NonNullable<PreviewJson['steps']>) => NonNullable<PreviewJson['steps']>): PreviewJson {
    const base = preview('drift-connector');
    const gone = (preview('drift-deleted').steps ?? []).find((step) => step.op === 'delete');
    assert.ok(gone !== undefined);
    const steps = (base.steps ?? []).map((step) => (step.urn === gone.urn ? gone : step));
    return { ...base, steps: order(steps), changeSummary: { update: 1, delete: 1, same: 4 } };
  }

  it('lists drifted resources in URN order whatever order the reads finished in, so that the same drift reads the same', () => {
    const forward = renderDriftReport(twoDrifts((steps) => steps));
    assert.equal(renderDriftReport(twoDrifts((steps) => [...steps].reverse())), forward);
    assert.equal(forward.split('\n')[0], '**Drift in `dev`:** 1 changed on the platform, 1 gone from the platform, 4 unchanged');
    assert.deepEqual(driftOf(twoDrifts((steps) => steps)).resources.map((r) => [r.drift, r.name]), [['gone', 'crm-sync'], ['changed', 'crm']]);
  });

  it('a refresh that failed: the error first, what drifted so far counted', () => {
    const failed = { ...preview('drift-connector'), diagnostics: [{ severity: 'error', message: 'error: reading connector crm: 401 Unauthorized' }] };
    const lines = renderDriftReport(failed).split('\n');
    assert.equal(lines[0], '**Drift check of `dev` failed:** 1 error (counted before it stopped: 1 changed on the platform, 5 unchanged)');
    assert.deepEqual(lines.slice(4, 7), ['**error**:', '```text', 'reading connector crm: 401 Unauthorized']);
  });

  it("another provider's resource whose read records no inputs: its outputs that changed", () => {
    const base = preview('drift-none');
    const steps = (base.steps ?? []).map((step) => {
      if (!step.urn.endsWith('::release-note') || !step.newState) return step;
      return { ...step, op: 'update', newState: { ...step.newState, outputs: { ...step.newState.outputs, text: 'edited by hand' } } };
    });
    assert.deepEqual(markdownBlock(renderDriftReport({ ...base, steps }), '**changed** `pulumi-nodejs:dynamic/notes:ReleaseNote` `release-note`'), [
      '- `text`: `"first release"` → `"edited by hand"`',
    ]);
  });

  it('a drift of internal inputs only says so', () => {
    const base = preview('drift-connector');
    const steps = (base.steps ?? []).map((step) => (step.op === 'update' ? { ...step, detailedDiff: { __provider: { kind: 'update', inputDiff: true } } } : step));
    assert.deepEqual(markdownBlock(renderDriftReport({ ...base, steps }), '**changed** Connector `crm`'), [
      '- no property shown: only inputs internal to the engine or the provider differ',
    ]);
  });
});
