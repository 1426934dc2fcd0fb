// A secret is never shown, even where its value reaches the renderer without the engine's "[secret]" mark: a
// property our providers declare secret, one a resource lists in additionalSecretOutputs, one whose output is marked.
// Each case is a captured preview or refresh with the mark taken off a value that holds a sentinel.
import { strict as assert } from 'assert';
import { renderDriftReport } from '../../preview-summary/drift';
import { renderPreviewComment } from '../../preview-summary/render';
import type { PreviewJson, ResourceState, Step } from '../../preview-summary/schema';
import { markdownBlock, preview } from './fixtures';

const SENTINEL = 'sentinel-secret-value';

/** A credential list as a program would write it, its key in plain text. */
function plainCredentials(key: string): Record<string, unknown> {
  return { action: [{ authSchemeConfig: { id: 'crm-api-key', schemeType: 'api-key' }, credential: { name: 'key', type: 'string', data: { value: key } } }] };
}

/** `state` without the marks the engine leaves on secret properties. */
function unmarked(state: ResourceState | null | undefined, inputs: Record<string, unknown>): ResourceState | undefined {
  if (!state) return undefined;
  return { ...state, inputs: { ...state.inputs, ...inputs }, outputs: {}, additionalSecretOutputs: undefined };
}

function withStep(fixture: string, name: string, change: (step: Step) => Step): PreviewJson {
  const base = preview(fixture);
  return { ...base, steps: (base.steps ?? []).map((step) => (step.urn.endsWith(`::${name}`) ? change(step) : step)) };
}

describe('preview summary: secrets without their mark', () => {
  it("a Connection's credentials, declared secret by our provider, changed in plain text: only said to change", () => {
    const json = withStep('rename-connection', 'crm-reporting', (step) => ({
      ...step,
      oldState: unmarked(step.oldState, { credentials: plainCredentials(`${SENTINEL}-old`) }),
      newState: unmarked(step.newState, { credentials: plainCredentials(`${SENTINEL}-new`) }),
      detailedDiff: { ...step.detailedDiff, 'credentials.action[0].credential.data.value': { kind: 'update', inputDiff: true } },
    }));
    const markdown = renderPreviewComment(json);
    assert.ok(!markdown.includes(SENTINEL), markdown);
    assert.deepEqual(markdownBlock(markdown, '**update** Connection `crm-reporting`'), [
      '- `credentials.action[0].credential.data.value`: changed, hidden',
      '- `name`: `"crm-reporting"` → `"reporting-prod"`',
    ]);
  });

  it('a Connection created with plain-text credentials lists them as hidden', () => {
    const json = withStep('mixed', 'erp-prod', (step) => ({ ...step, newState: unmarked(step.newState, { credentials: plainCredentials(SENTINEL) }) }));
    const markdown = renderPreviewComment(json);
    assert.ok(!markdown.includes(SENTINEL), markdown);
    assert.ok(markdownBlock(markdown, '**create** Connection `erp-prod`').includes('- `credentials`: hidden (secret)'), markdown);
  });

  it("another provider's resource: a property in additionalSecretOutputs, or marked in its outputs, is hidden", () => {
    const secretBy = (mark: (state: ResourceState) => ResourceState) =>
      withStep('mixed', 'release-note', (step) => {
        const old = { ...(step.oldState as ResourceState), inputs: { ...step.oldState?.inputs, apiKey: `${SENTINEL}-old` } };
        const next = { ...(step.newState as ResourceState), inputs: { ...step.newState?.inputs, apiKey: `${SENTINEL}-new` } };
        return { ...step, oldState: mark(old), newState: next };
      });
    const listed = secretBy((state) => ({ ...state, additionalSecretOutputs: ['apiKey'] }));
    const marked = secretBy((state) => ({ ...state, outputs: { ...state.outputs, apiKey: '[secret]' } }));
    for (const json of [listed, marked]) {
      const markdown = renderPreviewComment(json);
      assert.ok(!markdown.includes(SENTINEL), markdown);
      assert.deepEqual(markdownBlock(markdown, '**update** `pulumi-nodejs:dynamic/notes:ReleaseNote` `release-note`'), [
        '- `apiKey`: changed, hidden',
        '- `text`: `"first release"` → `"second release"`',
      ]);
    }
  });
});

describe('drift report: secrets without their mark', () => {
  const drifted = (credentials: (step: Step) => [Record<string, unknown>, Record<string, unknown>], paths: string[]) =>
    withStep('drift-connection', 'crm-reporting', (step) => {
      const [old, next] = credentials(step);
      const detailedDiff = Object.fromEntries(paths.map((path) => [path, { kind: 'update', inputDiff: true }]));
      return { ...step, oldState: unmarked(step.oldState, { credentials: old }), newState: unmarked(step.newState, { credentials: next }), detailedDiff };
    });

  it('a credential read back in plain text on both sides, or on the platform side only: only said to change', () => {
    const plainBoth = drifted(() => [plainCredentials(`${SENTINEL}-old`), plainCredentials(`${SENTINEL}-new`)], ['credentials.action[0].credential.data.value']);
    const plainNew = drifted(() => [{ action: '[secret]' }, plainCredentials(SENTINEL)], ['credentials.action']);
    for (const json of [plainBoth, plainNew]) {
      const markdown = renderDriftReport(json);
      assert.ok(!markdown.includes(SENTINEL), markdown);
      const lines = markdownBlock(markdown, '**changed** Connection `crm-reporting`');
      assert.equal(lines.length, 1);
      assert.match(lines[0], /^- `credentials\.action(\[0\]\.credential\.data\.value)?`: changed, hidden$/);
    }
  });

  it("another provider's resource with a secret output and no input recorded: only said to change", () => {
    const json = withStep('drift-none', 'release-note', (step) => {
      const outputs = (value: string) => ({ ...step.oldState?.outputs, token: value });
      const oldState = { ...(step.oldState as ResourceState), outputs: outputs(`${SENTINEL}-old`), additionalSecretOutputs: ['token'] };
      return { ...step, op: 'update', oldState, newState: { ...(step.newState as ResourceState), outputs: outputs(`${SENTINEL}-new`) } };
    });
    const markdown = renderDriftReport(json);
    assert.ok(!markdown.includes(SENTINEL), markdown);
    assert.deepEqual(markdownBlock(markdown, '**changed** `pulumi-nodejs:dynamic/notes:ReleaseNote` `release-note`'), ['- `token`: changed, hidden']);
  });
});
