import { strict as assert } from 'node:assert';
import * as pulumi from '@pulumi/pulumi';

interface Registered {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

const registered: Registered[] = [];
const SECRET_SIG = '4dabf18193072939515e22adb298388d';
const SECRET_VALUE = '1b47061264138c4ac30d75fd1eb44270';

function unwrapSecret(value: unknown): unknown {
  const wrapper = value as Record<string, unknown>;
  assert.equal(wrapper?.[SECRET_SIG], SECRET_VALUE, 'the input is sent as a secret');
  return wrapper.value;
}

function outputValue<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((value) => resolve(value)));
}

describe('provider resource classes', () => {
  let versori: typeof import('../../provider');
  before(async () => {
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          registered.push({ type: args.type, name: args.name, inputs: args.inputs });
          const computed: Record<string, unknown> = {};
          if (args.type.endsWith('AuthSchemeConfig')) {
            computed.config = { id: args.inputs.authSchemeConfigId ?? '01HF3Z6Q8W9V2T5K7M4N0PXYZA', schemeType: args.inputs.schemeType, description: args.inputs.description, name: args.inputs.name, in: args.inputs.in };
          }
          return { id: `${args.name}-id`, state: { ...args.inputs, ...computed } };
        },
        call: () => ({}),
      },
      'project',
      'stack',
      false,
    );
    versori = await import('../../provider');
  });
  after(() => {
    // Leave no mock monitor behind for suites that run real (inline) programs in this process.
    pulumi.runtime.resetOptions('', '', -1, '', '', false, '');
  });

  it('registers resources under a type token that says Versori', async () => {
    const connector = new versori.Connector('crm', { name: 'crm', baseUrl: 'https://api.example.com' });
    await outputValue(connector.id);
    const entry = registered.find((r) => r.name === 'crm');
    assert.equal(entry?.type, 'pulumi-nodejs:dynamic/versori:Connector');
    assert.equal(typeof entry?.inputs.__provider, 'string');
    assert.ok(String(entry?.inputs.__provider).length < 4096);
  }).timeout(20000);

  it('turns the import option into adoption: the id to adopt, the child id of a child kind', async () => {
    const connectorId = '01HF3Z6Q8W9V2T5K7M4N0PXYZB';
    const configId = '01HF3Z6Q8W9V2T5K7M4N0PXYZE';
    const adopted = new versori.Connector('adopted-connector', { name: 'a', baseUrl: 'https://a.example.com' }, { import: connectorId });
    const config = new versori.AuthSchemeConfig(
      'adopted-config',
      { connectorId, schemeType: 'none', description: 'none' },
      { import: `${connectorId}/${configId}` },
    );
    await Promise.all([outputValue(adopted.id), outputValue(config.id)]);
    assert.equal(registered.find((r) => r.name === 'adopted-connector')?.inputs.adoptId, connectorId);
    assert.equal(registered.find((r) => r.name === 'adopted-config')?.inputs.authSchemeConfigId, configId);
  }).timeout(20000);

  it('turns the import option into adopt: true for the kinds their inputs address (a version, what lives in one)', async () => {
    const connectorId = '01HF3Z6Q8W9V2T5K7M4N0PXYZB';
    const at = { connectorId, versionName: '1.0' };
    const responses = [{ status: 200, definitions: ['product'] }];
    const resources = [
      new versori.ConnectorVersion('adopted-version', { connectorId, name: '1.0' }, { import: `${connectorId.toLowerCase()}/1.0` }),
      new versori.ConnectorVersionPublication('adopted-publication', at, { import: `${connectorId}/1.0` }),
      new versori.Definition('adopted-definition', { ...at, name: 'product', accept: ['application/json'], schema: { contentType: 'text/plain', content: '' } }, { import: `${connectorId}/1.0/product` }),
      new versori.Action('adopted-action', { ...at, name: 'get', method: 'GET', path: '/p', responses }, { import: `${connectorId}/1.0/get` }),
      new versori.Trigger('adopted-trigger', { ...at, name: 'on', method: 'POST', responses }, { import: `${connectorId}/1.0/on` }),
      new versori.Definition('declared-definition', { ...at, name: 'order', accept: ['application/json'], schema: { contentType: 'text/plain', content: '' } }),
    ];
    await Promise.all(resources.map((r) => outputValue(r.id)));
    const adopt = (name: string) => registered.find((r) => r.name === name)?.inputs.adopt;
    const names = ['adopted-version', 'adopted-publication', 'adopted-definition', 'adopted-action', 'adopted-trigger', 'declared-definition'];
    assert.deepEqual(names.map(adopt), [true, true, true, true, true, undefined]);
  }).timeout(20000);

  it('takes an Input at every level of the arguments, as generated SDKs do', async () => {
    const connector = new versori.Connector('nested-inputs', {
      name: pulumi.output('nested-inputs'),
      baseUrl: 'https://api.example.com',
      tags: { team: pulumi.output('platform') },
      connectionVariables: [{ name: 'region', value: Promise.resolve('eu-west-1') }],
    });
    await outputValue(connector.id);
    const entry = registered.find((r) => r.name === 'nested-inputs');
    assert.deepEqual(entry?.inputs.tags, { team: 'platform' });
    assert.deepEqual(entry?.inputs.connectionVariables, [{ name: 'region', value: 'eu-west-1' }]);
  }).timeout(20000);

  it('passes an AuthSchemeConfig instance to a Connection as its config output', async () => {
    const config = new versori.AuthSchemeConfig('key', {
      connectorId: '01HF3Z6Q8W9V2T5K7M4N0PXYZB',
      authSchemeConfigId: '01HF3Z6Q8W9V2T5K7M4N0PXYZC',
      schemeType: 'api-key',
      description: 'API key',
      name: 'X-API-Key',
      in: 'header',
    });
    const connection = new versori.Connection('prod', {
      connectorId: '01HF3Z6Q8W9V2T5K7M4N0PXYZB',
      name: 'prod',
      credentials: { action: [{ authSchemeConfig: config, credential: { name: 'k', type: 'string', data: { value: 'v' } } }] },
    });
    await outputValue(connection.id);
    assert.equal(registered.find((r) => r.name === 'key')?.type, 'pulumi-nodejs:dynamic/versori:AuthSchemeConfig');
    const entry = registered.find((r) => r.name === 'prod');
    assert.equal(entry?.type, 'pulumi-nodejs:dynamic/versori:Connection');
    const credentials = unwrapSecret(entry?.inputs.credentials) as {
      action: Array<{ authSchemeConfig: Record<string, unknown>; credential: Record<string, unknown> }>;
    };
    assert.equal(credentials.action[0].authSchemeConfig.id, '01HF3Z6Q8W9V2T5K7M4N0PXYZC');
    assert.equal(credentials.action[0].authSchemeConfig.schemeType, 'api-key');
    assert.deepEqual(credentials.action[0].credential, { name: 'k', type: 'string', data: { value: 'v' } });
  }).timeout(20000);

  it('sends an OAuth 2.0 grant (with its client secret) as a secret', async () => {
    const config = new versori.AuthSchemeConfig('oauth', {
      connectorId: '01HF3Z6Q8W9V2T5K7M4N0PXYZB',
      schemeType: 'oauth2',
      description: 'OAuth',
      authorizeUrl: 'https://auth.example.com/authorize',
      tokenUrl: 'https://auth.example.com/token',
      grant: { grantType: 'password', clientId: 'c', clientSecret: 'shh' },
    });
    await outputValue(config.id);
    const entry = registered.find((r) => r.name === 'oauth');
    assert.deepEqual(unwrapSecret(entry?.inputs.grant), { grantType: 'password', clientId: 'c', clientSecret: 'shh' });
    assert.equal(entry?.inputs.description, 'OAuth', 'other inputs stay readable');
  }).timeout(20000);

  describe('the constructors register what the program wrote, whatever its shape, for check to judge (issue 15)', () => {
    const connectorId = '01HF3Z6Q8W9V2T5K7M4N0PXYZB';
    const registeredAs = async (resource: pulumi.CustomResource, name: string) => {
      await outputValue(resource.urn);
      const entry = registered.find((r) => r.name === name);
      assert.ok(entry, `${name} was not registered`);
      return entry.inputs;
    };
    const untyped = (args: unknown) => args as never;

    it('passes a misspelt property on (class 1)', async () => {
      const connector = new versori.Connector('typo', untyped({ name: 'typo', baseUrl: 'https://a.example.com', documentationUrl: 'https://d.example.com' }));
      const inputs = await registeredAs(connector, 'typo');
      assert.equal(inputs.documentationUrl, 'https://d.example.com');
      assert.equal(await outputValue(connector.documentationURL), undefined, 'the known properties are still outputs');
    }).timeout(20000);

    it('passes the names Pulumi keeps for itself on as a list, for check to refuse (class 1)', async () => {
      const connector = new versori.Connector('reserved', untyped({ name: 'reserved', baseUrl: 'https://a.example.com', id: 'x', urn: 'y', hasOwnProperty: 1 }));
      const inputs = await registeredAs(connector, 'reserved');
      assert.deepEqual(inputs.argumentsReservedByPulumi, ['id', 'urn', 'hasOwnProperty']);
    }).timeout(20000);

    it('never throws on a wrong shape, registers it as written and keeps every credential secret (class 2)', async () => {
      const credential = { name: 'k', type: 'string', data: { value: 'shape-secret' } };
      const item = { authSchemeConfig: { id: connectorId, schemeType: 'api-key' }, credential };
      const shapes: Array<[string, unknown, unknown]> = [
        ['one-item', { action: item }, { action: item }],
        ['a-list', [item], [item]],
        ['a-string', 'shape-secret', 'shape-secret'],
        ['pending-list', { action: pulumi.output([item]) }, { action: [item] }],
        ['pending-object', pulumi.output({ trigger: [item] }), { trigger: [item] }],
      ];
      for (const [name, credentials, expected] of shapes) {
        const connection = new versori.Connection(name, untyped({ connectorId, name, credentials }));
        const inputs = await registeredAs(connection, name);
        assert.deepEqual(unwrapSecret(inputs.credentials), expected, name);
      }
      new versori.Connector('no-args', untyped(undefined));
      new versori.AuthSchemeConfig('string-args', untyped('api-key'));
      await registeredAs(new versori.Connection('null-credentials', untyped({ connectorId, name: 'n', credentials: null })), 'null-credentials');
    }).timeout(20000);

    it('carries the scheme type declared for an AuthSchemeConfig resource (class 4)', async () => {
      const config = new versori.AuthSchemeConfig('declared', { connectorId, schemeType: 'api-key', description: 'k', name: 'X-Key', in: 'header' });
      const credential = { name: 'login', type: 'basic-auth' as const, data: { username: 'u', password: 'p' } };
      const connection = new versori.Connection('declaring', {
        connectorId,
        name: 'declaring',
        credentials: { action: [{ authSchemeConfig: { id: connectorId, schemeType: 'api-key' }, credential }, { authSchemeConfig: config, credential }] },
      });
      const inputs = await registeredAs(connection, 'declaring');
      assert.deepEqual(inputs.declaredSchemeTypes, { action: [null, 'api-key'] });
      const plain = new versori.Connection('plain-refs', {
        connectorId,
        name: 'plain-refs',
        credentials: { trigger: [{ authSchemeConfig: { id: connectorId, schemeType: 'api-key' }, credential }] },
      });
      assert.equal((await registeredAs(plain, 'plain-refs')).declaredSchemeTypes, undefined, 'nothing to declare: no extra input');
    }).timeout(20000);
  });

  it('exposes every input and computed property as an output', async () => {
    const connector = new versori.Connector('outs', { name: 'outs', baseUrl: 'https://api.example.com', tags: { a: 'b' } });
    assert.deepEqual(await outputValue(connector.tags), { a: 'b' });
    assert.equal(await outputValue(connector.name), 'outs');
  }).timeout(20000);
});
