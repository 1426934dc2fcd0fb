// Names, keys and values a pull request can choose, rendered into the comment: none may end a code span, start a line
// of its own, mention someone, or carry raw HTML; a key holding a control character is rendered, not a crash.
import { strict as assert } from 'assert';
import { renderDriftReport } from '../../preview-summary/drift';
import { renderPreviewComment } from '../../preview-summary/render';
import { code, codeBlock } from '../../preview-summary/markdown';
import { parsePath } from '../../preview-summary/properties';
import type { PreviewJson } from '../../preview-summary/schema';
import { preview } from './fixtures';

const HOSTILE = [
  'crm\r\r@octocat LGTM, approved <img src=x onerror=alert(1)>\r\r<details>',
  'crm\n\n@octocat <!-- hidden -->\n\n</details>',
  'a\u2028\u2029b @octocat',
  '``` fenced ``` `tick` </details><summary>x</summary>',
  'rtl \u202egnp.exe\u202c and \u2066isolate\u2069 \u0000nul \u0007bell \u007fdel \u0085nel',
];

/** What a Markdown renderer would take as a line ending, a paragraph break or a hidden reordering. */
const BREAKS_OR_REORDERS = /[\r\n\u2028\u2029\u0085\u202a-\u202e\u2066-\u2069\u0000-\u0008\u000b-\u001f\u007f]/;

/** The Markdown outside code spans: what GitHub would render as text, HTML or mentions. */
function outsideCodeSpans(markdown: string): string {
  let rest = '';
  for (let i = 0; i < markdown.length; ) {
    const run = /^`+/.exec(markdown.slice(i));
    if (run === null) {
      rest += markdown[i];
      i += 1;
      continue;
    }
    const close = markdown.indexOf(run[0], i + run[0].length);
    assert.ok(close > 0, `an unclosed code span at ${i}: ${markdown.slice(i, i + 40)}`);
    i = close + run[0].length;
  }
  return rest;
}

/** The update-connector preview with the connector renamed to `name` and a tag `key` set to `value`. */
function hostilePreview(name: string, key: string, value: string): PreviewJson {
  const base = preview('update-connector');
  const steps = (base.steps ?? []).map((step) => {
    if (step.op !== 'update') return step;
    const inputs = { ...(step.newState?.inputs ?? {}), tags: { [key]: value } };
    return {
      ...step,
      urn: step.urn.replace(/::crm$/, `::${name}`),
      newState: { ...step.newState, inputs },
      detailedDiff: { ...step.detailedDiff, [`tags["${key.replace(/"/g, '\\"')}"]`]: { kind: 'add', inputDiff: true } },
    };
  });
  return { ...base, steps } as PreviewJson;
}

describe('preview summary: hostile names, keys and values', () => {
  it('code spans hold every line break, control and reordering character as a visible escape', () => {
    for (const text of HOSTILE) {
      const span = code(text);
      assert.doesNotMatch(span, BREAKS_OR_REORDERS, JSON.stringify(span));
      assert.equal(outsideCodeSpans(span), '', `${JSON.stringify(span)} ends its code span early`);
    }
    assert.equal(code('crm\r\rx'), '`crm\\r\\rx`');
    assert.equal(code('a\u202eb'), '`a\\u202eb`');
  });

  it('a fenced block keeps its lines, but no line can close the fence or hide behind a CR', () => {
    const block = codeBlock('line one\r\r```\r</details>\rline \u202e');
    const lines = block.split('\n');
    assert.equal(lines[0], '````text');
    assert.equal(lines.at(-1), '````');
    assert.doesNotMatch(block, /[\r\u202e]/);
    assert.deepEqual(lines.slice(1, -1), ['line one', '', '```', '</details>', 'line \\u202e']);
  });

  it('a whole comment for a hostile resource name, tag key and value: no mention, HTML or line break outside code', () => {
    for (const text of HOSTILE) {
      const markdown = renderPreviewComment(hostilePreview(text, `team ${text}`, text));
      const rendered = outsideCodeSpans(markdown);
      assert.doesNotMatch(rendered, /@octocat|<img|<details|<\/details|<summary|<!--/, rendered);
      for (const line of markdown.split('\n').filter((l) => l !== '')) {
        assert.match(line, /^(\*\*|- )/, `every line is the summary, a title or a list item: ${JSON.stringify(line)}`);
      }
      assert.match(markdown, /\*\*update\*\* Connector `/);
    }
  });

  it('a whole drift report for a hostile name and platform value: no mention, HTML or line break outside code', () => {
    for (const text of HOSTILE) {
      const base = preview('drift-connector');
      const steps = (base.steps ?? []).map((step) => {
        if (step.op !== 'update' || !step.newState) return step;
        return { ...step, urn: step.urn.replace(/::crm$/, `::${text}`), newState: { ...step.newState, inputs: { ...step.newState.inputs, baseUrl: text } } };
      });
      const markdown = renderDriftReport({ ...base, steps });
      const rendered = outsideCodeSpans(markdown);
      assert.doesNotMatch(rendered, /@octocat|<img|<details|<\/details|<summary|<!--/, rendered);
      for (const line of markdown.split('\n').filter((l) => l !== '')) {
        assert.match(line, /^(\*\*|- |_Changed outside Pulumi )/, `every line is the title, the legend, a resource or a list item: ${JSON.stringify(line)}`);
      }
      assert.match(markdown, /\*\*changed\*\* Connector `/);
    }
  });

  it("parses the engine's quoted keys as the engine writes them: only \\\" is an escape", () => {
    assert.deepEqual(parsePath('tags["team\nx"]'), ['tags', 'team\nx']);
    assert.deepEqual(parsePath('tags["a\\b"].c'), ['tags', 'a\\b', 'c']);
    assert.deepEqual(parsePath('tags["say \\"hi\\""][2]'), ['tags', 'say "hi"', 2]);
    assert.deepEqual(parsePath('tags["\u0000\u0007"]'), ['tags', '\u0000\u0007']);
  });

  it('renders a detailed-diff key holding a line break (it crashed the command before)', () => {
    const markdown = renderPreviewComment(hostilePreview('crm', 'team\nx', 'platform'));
    assert.ok(markdown.includes('`tags["team\\nx"]`: added `"platform"`'), markdown);
  });
});
