// What the real CLI printed for each kind of change (captured by scripts/capture-previews.ts from the packed package
// against its emulator), property by property: `pulumi preview --json` and `pulumi preview --diff`.
import { strict as assert } from 'assert';
import { ROTATED_KEY, SECRETS, CASES } from '../../scripts/capture-previews';
import { UNKNOWN } from '../../provider/diff';
import { deletesBeforeReplace } from '../../preview-summary/versori';
import { engineJson, engineStep, fixtureFile, textBlock } from './fixtures';

const CONNECTION = 'pulumi-nodejs:dynamic/versori:Connection';

describe('preview fixtures: what the engine prints for each kind of change', () => {
  describe('a Connection renamed while its secret key rotates', () => {
    const step = engineStep('replace-rename-secret', 'crm-reporting');

    it('is one replace, forced by the credentials, whose only changes are the credential list and the name', () => {
      assert.equal(step.op, 'replace');
      assert.deepEqual(step.replaceReasons, ['credentials']);
      assert.deepEqual(step.diffReasons, ['credentials', 'name']);
      assert.deepEqual(step.detailedDiff, {
        'credentials.action': { kind: 'update', inputDiff: true },
        name: { kind: 'update', inputDiff: true },
      });
      assert.equal(step.oldState?.inputs?.name, 'crm-reporting');
      assert.equal(step.newState?.inputs?.name, 'reporting-prod');
      assert.deepEqual(engineJson('replace-rename-secret').changeSummary, { replace: 1, same: 5 });
    });

    it('carries the credentials only as "[secret]"', () => {
      assert.deepEqual(step.oldState?.inputs?.credentials, { action: '[secret]' });
      assert.equal(step.newState?.inputs?.credentials, '[secret]');
    });

    it('shows in the --diff text as a replace of the credentials (hidden) and the name, nothing else', () => {
      const lines = textBlock('replace-rename-secret', 'crm-reporting').map((line) => line.trim());
      assert.equal(lines[0], `+-${CONNECTION}: (replace)`);
      const changes = lines.filter((line) => !line.startsWith('['));
      assert.deepEqual(changes.slice(1), ['~ credentials: {', '~ action: [secret] => [secret]', '}', '~ name       : "crm-reporting" => "reporting-prod"']);
      assert.match(fixtureFile('replace-rename-secret', 'txt'), /\+-1 to replace\n\s+5 unchanged/);
    });
  });

  it('a secret rotated alone replaces the Connection with the credential list as its one change', () => {
    const step = engineStep('replace-same-name', 'crm-reporting');
    assert.equal(step.op, 'replace');
    assert.deepEqual(step.replaceReasons, ['credentials']);
    assert.deepEqual(Object.keys(step.detailedDiff ?? {}), ['credentials.action']);
    assert.equal(step.newState?.inputs?.name, step.oldState?.inputs?.name);
    const changes = textBlock('replace-same-name', 'crm-reporting').filter((line) => !line.trim().startsWith('['));
    assert.deepEqual(changes.slice(1).map((line) => line.trim()), ['~ credentials: {', '~ action: [secret] => [secret]', '}']);
  });

  it('a Connector update lists only the changed properties, nested ones by path', () => {
    const step = engineStep('update-connector', 'crm');
    assert.equal(step.op, 'update');
    assert.deepEqual(step.detailedDiff, {
      baseUrl: { kind: 'update', inputDiff: true },
      'connectionVariables[0].value': { kind: 'update', inputDiff: true },
    });
    const text = textBlock('update-connector', 'crm').join('\n');
    assert.match(text, /~ baseUrl\s+: "https:\/\/api\.example-crm\.com\/v2" => "https:\/\/api\.example-crm\.com\/v3"/);
    assert.match(text, /~ value: "eu-west-1" => "eu-central-1"/);
    assert.doesNotMatch(text, /tags|name\s+:/, 'unchanged inputs are not shown');
  });

  it('a rename alone and a forceDelete alone are updates of that one property', () => {
    const rename = engineStep('rename-connection', 'crm-reporting');
    assert.equal(rename.op, 'update');
    assert.deepEqual(rename.detailedDiff, { name: { kind: 'update', inputDiff: true } });
    assert.match(textBlock('rename-connection', 'crm-reporting').join('\n'), /~ name: "crm-reporting" => "reporting-prod"$/);
    const force = engineStep('force-delete', 'crm');
    assert.equal(force.op, 'update');
    assert.deepEqual(force.detailedDiff, { forceDelete: { kind: 'add', inputDiff: true } });
    assert.match(textBlock('force-delete', 'crm').join('\n'), /\+ forceDelete: true$/);
  });

  it('a protocol change replaces the Connector and everything on it, with the new connector id unknown', () => {
    const connector = engineStep('replace-connector', 'crm');
    assert.deepEqual(connector.replaceReasons, ['protocol']);
    for (const name of ['crm-api-key', 'crm-reporting', 'crm-sync']) {
      const step = engineStep('replace-connector', name);
      assert.equal(step.op, 'replace', name);
      assert.ok(step.replaceReasons?.includes('connectorId'), name);
      assert.equal(step.newState?.inputs?.connectorId, UNKNOWN, name);
    }
  });

  it('creates, updates and a delete in one preview; values not known yet are the unknown sentinel', () => {
    const json = engineJson('mixed');
    assert.deepEqual(json.changeSummary, { create: 3, update: 2, delete: 1, same: 3 });
    assert.equal(engineStep('mixed', 'erp-prod').newState?.inputs?.connectorId, UNKNOWN);
    assert.equal(engineStep('mixed', 'erp-key').newState?.inputs?.connectorId, UNKNOWN);
    assert.equal(engineStep('mixed', 'crm-sync').op, 'delete');
    const note = engineStep('mixed', 'release-note');
    assert.equal(note.op, 'update');
    assert.equal(note.detailedDiff, null, "a provider without a detailed diff: the summary diffs the inputs itself");
  });

  it('a program the provider refuses fails the preview with the reason as a diagnostic', () => {
    const raw = JSON.parse(fixtureFile('refused', 'json')) as { diagnostics: Array<{ severity: string; message: string }> };
    assert.equal(raw.diagnostics.length, 1);
    assert.equal(raw.diagnostics[0].severity, 'error');
    assert.match(raw.diagnostics[0].message, /baseUrl .* must use https/);
  });

  it('our rule for deleting first agrees with the marks the engine left on every replaced resource of ours', () => {
    let checked = 0;
    for (const { name } of CASES) {
      for (const step of engineJson(name).steps.filter((candidate) => candidate.op === 'replace')) {
        const type = step.urn.split('::')[2];
        const rule = deletesBeforeReplace(type, step.oldState?.inputs ?? {}, step.newState?.inputs ?? {});
        // The engine marks the old state pendingReplacement when it deletes first, delete when it creates first.
        const engine = step.oldState?.pendingReplacement === true ? true : step.oldState?.delete === true ? false : undefined;
        assert.equal(rule, engine, `${name}: ${step.urn}`);
        checked += 1;
      }
    }
    assert.ok(checked >= 6, `${checked} replacements checked`);
  });

  it('no captured file holds a secret value, an absolute path or an emulator port', () => {
    const secrets = [...Object.values(SECRETS), ROTATED_KEY];
    for (const { name } of CASES) {
      for (const extension of ['json', 'txt', 'md'] as const) {
        const text = fixtureFile(name, extension);
        for (const secret of secrets) assert.ok(!text.includes(secret), `${name}.${extension} holds a secret`);
        assert.doesNotMatch(text, /\/tmp\/|\/home\/|\/root\//, `${name}.${extension}`);
        assert.doesNotMatch(text, /127\.0\.0\.1:(?!8787\b)\d+/, `${name}.${extension}`);
      }
    }
  });
});
