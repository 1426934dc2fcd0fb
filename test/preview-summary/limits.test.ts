// The comment's bounds: GitHub's size limit with the summary kept, values that could break Markdown, and input that
// is not preview JSON. Large previews are made from the captured ones by repeating their steps under new names.
import { strict as assert } from 'assert';
import { renderDriftReport } from '../../preview-summary/drift';
import { GITHUB_COMMENT_LIMIT, renderPreviewComment } from '../../preview-summary/render';
import { parsePreviewJson, PreviewInputError, type PreviewJson } from '../../preview-summary/schema';
import { fixtureFile, preview } from './fixtures';

/** The mixed preview with its changed steps repeated `copies` times, each copy's resources renamed. */
function largePreview(copies: number): PreviewJson {
  const base = preview('mixed');
  const changed = (base.steps ?? []).filter((step) => step.op !== 'same');
  const steps = Array.from({ length: copies }, (_, i) =>
    changed.map((step) => ({ ...step, urn: `${step.urn}-${i}` })),
  ).flat();
  const counts: Record<string, number> = {};
  for (const step of steps) counts[step.op] = (counts[step.op] ?? 0) + 1;
  return { ...base, steps, changeSummary: { ...counts, same: 3 } };
}

function blocksOf(markdown: string): string[] {
  return markdown.split('\n\n').filter((block) => /^\*\*[a-z-]+\*\* /.test(block));
}

describe('preview summary: limits', () => {
  it('a preview too large for one comment keeps the summary and whole resources, and says how many it left out', () => {
    const large = largePreview(400);
    const markdown = renderPreviewComment(large, { detailsUrl: 'https://ci.example.com/runs/42' });
    assert.ok(Buffer.byteLength(markdown) <= GITHUB_COMMENT_LIMIT, `${Buffer.byteLength(markdown)} bytes`);
    assert.ok(Buffer.byteLength(markdown) > GITHUB_COMMENT_LIMIT - 2_000, 'the space is used');
    const lines = markdown.trimEnd().split('\n');
    assert.equal(lines[0], '**Pulumi preview of `dev`:** 1200 to create, 800 to update, 400 to delete, 3 unchanged');
    const shown = blocksOf(markdown).length;
    const total = (large.steps ?? []).length;
    assert.equal(
      lines[lines.length - 1],
      `_${total - shown} more resources are left out to keep this comment within GitHub's size limit; the full preview: https://ci.example.com/runs/42._`,
    );
    assert.deepEqual(blocksOf(markdown), blocksOf(renderPreviewComment(large, { limit: 10_000_000 })).slice(0, shown), 'the first ones, whole');
  });

  it('a smaller limit, a marker and no details link', () => {
    const markdown = renderPreviewComment(preview('mixed'), { limit: 700, marker: 'pulumi-preview:dev' });
    assert.ok(Buffer.byteLength(markdown) <= 700);
    const lines = markdown.trimEnd().split('\n');
    assert.equal(lines[lines.length - 1], '<!-- pulumi-preview:dev -->');
    assert.match(lines[lines.length - 3], /^_\d more resources? (is|are) left out .*; run `pulumi preview --diff` for the full preview\._$/);
    assert.equal(lines[0], '**Pulumi preview of `dev`:** 3 to create, 2 to update, 1 to delete, 3 unchanged');
  });

  it('a drift report too large for an issue keeps its title and whole resources, and names the refresh to run', () => {
    const base = preview('drift-connection');
    const drifted = (base.steps ?? []).filter((step) => step.op === 'update');
    const steps = Array.from({ length: 2_000 }, (_, i) => drifted.map((step) => ({ ...step, urn: `${step.urn}-${String(i).padStart(4, '0')}` }))).flat();
    const large = { ...base, steps, changeSummary: { update: 2_000, same: 5 } };
    const markdown = renderDriftReport(large, { marker: 'pulumi-drift:dev' });
    assert.ok(Buffer.byteLength(markdown) <= GITHUB_COMMENT_LIMIT, `${Buffer.byteLength(markdown)} bytes`);
    const lines = markdown.trimEnd().split('\n');
    assert.equal(lines[0], '**Drift in `dev`:** 2000 changed on the platform, 5 unchanged');
    const shown = blocksOf(markdown).length;
    assert.ok(shown > 100 && shown < 2_000, `${shown} shown`);
    assert.equal(lines.at(-3), `_${2_000 - shown} more resources are left out to keep this report within GitHub's size limit; run \`pulumi refresh --preview-only --diff\` for the full report._`);
    assert.equal(lines.at(-1), '<!-- pulumi-drift:dev -->');
    const linked = renderDriftReport(large, { detailsUrl: 'https://ci.example.com/runs/7' }).trimEnd().split('\n');
    assert.match(linked.at(-1) ?? '', /left out .*; the full report: https:\/\/ci\.example\.com\/runs\/7\._$/);
  });

  it('a comment that fits is not cut', () => {
    assert.doesNotMatch(renderPreviewComment(largePreview(3)), /left out/);
  });

  it('values that could break Markdown stay inside their code spans; long ones are cut', () => {
    const base = preview('update-connector');
    const steps = (base.steps ?? []).map((step) =>
      step.newState?.inputs === undefined
        ? step
        : { ...step, newState: { ...step.newState, inputs: { ...step.newState.inputs, baseUrl: `https://x/\`\`a\`\n@team ${'y'.repeat(300)}` } } },
    );
    const line = renderPreviewComment({ ...base, steps }).split('\n').find((candidate) => candidate.startsWith('- `baseUrl`'));
    assert.ok(line !== undefined);
    const value = line.split(' → ')[1];
    assert.ok(value.startsWith('```"https://x/``a`\\n@team yyy'), value);
    assert.ok(value.endsWith('…```'), value);
    assert.equal([...value].length, 120 + 6);
  });
});

describe('preview summary: input that is not preview JSON', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['empty input', '  \n', /^the input is empty/],
    ['text', 'Previewing update (dev):', /^the input is not JSON \(expected the output of `pulumi preview --json` or `pulumi refresh --preview-only --json`\)/],
    ['a JSON array', '[]', /^the input is JSON but not the output of `pulumi preview --json` or `pulumi refresh --preview-only --json`: .*expected object/],
    ['a stack export', fixtureFile('mixed', 'json').replace('"steps"', '"resources"').replace('"diagnostics"', '"x"'), /has neither "steps" nor "diagnostics"/],
    ['steps of the wrong shape', '{"steps":[{"op":1}]}', /steps\.0\.op: .*expected string/],
  ];
  for (const [title, text, message] of cases) {
    it(`refuses ${title}, saying why`, () => {
      assert.throws(() => parsePreviewJson(text), (error: unknown) => error instanceof PreviewInputError && message.test(error.message));
    });
  }
});
