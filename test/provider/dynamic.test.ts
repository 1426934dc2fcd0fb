import { strict as assert } from 'node:assert';
import * as pulumi from '@pulumi/pulumi';
import { dynamicProvider, ResourceKind } from '../../provider/dynamic';
import { handlers } from '../../provider/handlers';

const KINDS: ResourceKind[] = ['connector', 'authSchemeConfig', 'connection'];
const METHODS = ['check', 'diff', 'create', 'read', 'update', 'delete'] as const;

describe('provider/dynamic', () => {
  it('gives one provider object per kind, with every lifecycle method and configure', () => {
    for (const kind of KINDS) {
      const provider = dynamicProvider(kind);
      assert.equal(dynamicProvider(kind), provider, 'cached, so Pulumi serializes it once');
      for (const method of [...METHODS, 'configure'] as const) assert.equal(typeof provider[method], 'function', `${kind}.${method}`);
    }
  });

  it('serializes to a small text that captures only the kind and loads the handlers at run time', async () => {
    process.env.VERSORI_TOKEN = 'token-that-must-not-be-captured';
    try {
      for (const kind of KINDS) {
        const provider = dynamicProvider(kind);
        const serialized = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: false });
        assert.ok(serialized.text.length < 4096, `${kind}: ${serialized.text.length} bytes`);
        assert.match(serialized.text, /require\('pulumi-versori\/dist\/provider\/handlers'\)/);
        assert.match(serialized.text, new RegExp(`kind: "${kind}"`));
        assert.doesNotMatch(serialized.text, /token-that-must-not-be-captured|axios|Bearer/);
        assert.equal(serialized.containsSecrets, false);
      }
    } finally {
      delete process.env.VERSORI_TOKEN;
    }
  }).timeout(20000);

  it('maps every kind to a lifecycle implementing every method', () => {
    for (const kind of KINDS) {
      for (const method of METHODS) assert.equal(typeof handlers[kind][method], 'function', `${kind}.${method}`);
    }
  });
});
