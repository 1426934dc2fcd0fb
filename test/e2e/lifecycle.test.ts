// The whole lifecycle through the real Pulumi CLI (Automation API, local file backend) against the emulator.
// The `it`s run in order on one stack: each starts from the state the previous one left.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as pulumi from '@pulumi/pulumi';
import { AuthSchemeConfig, Connection, Connector } from '../../provider';
import { runPulumi } from '../../scripts/engine';
import { changesOf, isMutating, startEngineHarness, stepRecorder, type EngineHarness } from '../support/engine-harness';

const REPORTING_KEY = 'reporting-key-4f9c1d7e';
const REPORTING_KEY_ROTATED = 'reporting-key-rotated-81b2';
const CLIENT_SECRET = 'sync-client-secret-0c55a9';

interface Spec {
  baseUrl: string;
  tags: Record<string, string>;
  apiKeyDescription: string;
  reportingKey: string;
  syncVariables: Array<{ name: string; value: string }>;
  /** A second connector with a connection on it: its id is unknown during preview. */
  withPartner: boolean;
  /** Objects created outside Pulumi, adopted with the `import` option. */
  adopt?: { connectorId: string; configId: string };
}

const initialSpec = (): Spec => ({
  baseUrl: 'https://api.example-crm.com/v2',
  tags: { team: 'platform' },
  apiKeyDescription: 'API key header',
  reportingKey: REPORTING_KEY,
  syncVariables: [{ name: 'region', value: 'eu-west-1' }],
  withPartner: false,
});

let spec = initialSpec();

function program(): Record<string, pulumi.Output<string>> {
  const crm = new Connector('crm', {
    name: 'e2e-crm',
    baseUrl: spec.baseUrl,
    tags: spec.tags,
    connectionVariables: [{ name: 'region', value: 'eu-west-1' }],
  });
  const apiKey = new AuthSchemeConfig('crm-api-key', {
    connectorId: crm.id,
    schemeType: 'api-key',
    description: spec.apiKeyDescription,
    name: 'X-API-Key',
    in: 'header',
  });
  const oauth = new AuthSchemeConfig('crm-oauth2', {
    connectorId: crm.id,
    schemeType: 'oauth2',
    description: 'client credentials',
    authorizeUrl: 'https://auth.example-crm.com/authorize',
    tokenUrl: 'https://auth.example-crm.com/token',
    scopes: [{ name: 'contacts.read' }],
    defaultScopes: ['contacts.read'],
    grant: { grantType: 'client_credentials' },
  });
  const reportingKey = pulumi.secret(spec.reportingKey);
  const reporting = new Connection('reporting', {
    connectorId: crm.id,
    name: 'reporting',
    credentials: {
      action: [
        {
          authSchemeConfig: apiKey,
          credential: reportingKey.apply((value) => ({ name: 'reporting-key', type: 'string' as const, data: { value } })),
        },
      ],
    },
  });
  const sync = new Connection('sync', {
    connectorId: crm.id,
    name: 'sync',
    variables: spec.syncVariables,
    credentials: {
      action: [
        {
          authSchemeConfig: oauth,
          credential: pulumi.secret({
            name: 'sync-client',
            type: 'oauth2-client' as const,
            data: {
              clientId: 'sync',
              clientSecret: CLIENT_SECRET,
              authorizeUrl: 'https://auth.example-crm.com/authorize',
              tokenUrl: 'https://auth.example-crm.com/token',
            },
          }),
        },
      ],
    },
  });
  const outputs: Record<string, pulumi.Output<string>> = {
    connectorId: crm.id,
    apiKeyConfigId: apiKey.authSchemeConfigId,
    reportingId: reporting.connectionId,
    syncId: sync.connectionId,
  };
  if (spec.withPartner) {
    const partner = new Connector('partner', { name: 'e2e-partner', baseUrl: 'https://partner.example.com' });
    const partnerKey = new AuthSchemeConfig('partner-key', {
      connectorId: partner.id,
      schemeType: 'api-key',
      description: 'partner key',
      name: 'key',
      in: 'query',
    });
    new Connection('partner-conn', {
      connectorId: partner.id,
      name: 'partner-conn',
      credentials: {
        trigger: [
          {
            authSchemeConfig: partnerKey,
            credential: pulumi.secret({ name: 'partner-key', type: 'string' as const, data: { value: 'partner-secret-77' } }),
          },
        ],
      },
    });
  }
  if (spec.adopt) {
    new Connector('adopted', { name: 'adopted', baseUrl: 'https://adopted.example.com' }, { import: spec.adopt.connectorId });
    new AuthSchemeConfig(
      'adopted-basic',
      {
        connectorId: spec.adopt.connectorId,
        authSchemeConfigId: spec.adopt.configId,
        schemeType: 'basic-auth',
        description: 'adopted basic auth',
      },
      { import: `${spec.adopt.connectorId}/${spec.adopt.configId}` },
    );
  }
  return outputs;
}

async function api(h: EngineHarness, method: string, apiPath: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${h.target.baseUrl}/o/${h.target.organisationId}${apiPath}`, {
    method,
    headers: { Authorization: `Bearer ${h.target.token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
}

describe('engine: the full lifecycle through the Pulumi CLI', function () {
  this.timeout(240_000);
  let h: EngineHarness;

  before(async function () {
    this.timeout(1_200_000); // the first run may build the Pulumi CLI
    spec = initialSpec();
    h = await startEngineHarness({ program: async () => program() });
  });

  after(async () => {
    await h?.close();
  });

  it('up on a fresh stack creates everything, and the outputs match the platform', async () => {
    const result = await h.stack.up();
    assert.equal(result.summary.result, 'succeeded');
    assert.equal(result.summary.resourceChanges?.create, 6, JSON.stringify(result.summary.resourceChanges));
    const [crm] = await h.connectors();
    assert.ok(crm, 'the connector exists');
    assert.equal(crm.id, result.outputs.connectorId.value);
    assert.equal(crm.name, 'e2e-crm');
    assert.equal(crm.protocol === 'http' && crm.baseUrl, spec.baseUrl);
    assert.deepEqual(crm.tags, { team: 'platform' });
    assert.deepEqual(crm.authSchemeConfigs.map((c) => c.schemeType).sort(), ['api-key', 'oauth2']);
    assert.ok(crm.authSchemeConfigs.some((c) => c.id === result.outputs.apiKeyConfigId.value));
    assert.deepEqual(crm.connections.map((c) => c.name).sort(), ['reporting', 'sync']);
    assert.equal(crm.connections.find((c) => c.name === 'reporting')?.id, result.outputs.reportingId.value);
    const sync = crm.connections.find((c) => c.name === 'sync');
    assert.deepEqual(sync?.variables, [{ name: 'region', value: 'eu-west-1' }]);
  });

  it('a second up changes nothing and sends no mutating request', async () => {
    const mark = h.mark();
    const result = await h.stack.up();
    assert.deepEqual(Object.keys(result.summary.resourceChanges ?? {}), ['same']);
    const mutating = h.requests(mark).filter(isMutating);
    assert.deepEqual(mutating, [], 'no POST/PUT/DELETE');
  });

  it('preview shows property diffs, a replace only for the credential change, and copes with unknown ids', async () => {
    const applied = spec;
    spec = { ...spec, baseUrl: 'https://api.example-crm.com/v3', reportingKey: REPORTING_KEY_ROTATED, withPartner: true };
    try {
      const mark = h.mark();
      const recorder = stepRecorder();
      const preview = await h.stack.preview({ diff: true, onEvent: recorder.onEvent });

      const [crmStep] = changesOf(recorder.steps, 'crm');
      assert.equal(crmStep?.op, 'update');
      assert.deepEqual(crmStep?.changedInputs, ['baseUrl']);
      assert.match(preview.stdout, /~ baseUrl\s*: "https:\/\/api\.example-crm\.com\/v2" => "https:\/\/api\.example-crm\.com\/v3"/);

      const reportingOps = changesOf(recorder.steps, 'reporting').map((s) => s.op);
      assert.deepEqual(reportingOps, ['delete-replaced', 'replace', 'create-replacement'], 'the connection keeps its name: delete, then create');
      for (const name of ['crm-api-key', 'crm-oauth2', 'sync']) assert.deepEqual(changesOf(recorder.steps, name), [], name);
      for (const name of ['partner', 'partner-key', 'partner-conn']) {
        assert.deepEqual(changesOf(recorder.steps, name).map((s) => s.op), ['create'], name);
      }
      assert.ok(!preview.stdout.includes(REPORTING_KEY_ROTATED), 'the new secret is not shown');
      assert.deepEqual(h.requests(mark).filter(isMutating), [], 'preview changes nothing remotely');
    } finally {
      spec = applied;
    }
  });

  it('updates each resource in place', async () => {
    spec = {
      ...spec,
      baseUrl: 'https://api.example-crm.com/v3',
      tags: { team: 'platform', tier: 'gold' },
      apiKeyDescription: 'API key header (rotated monthly)',
      syncVariables: [
        { name: 'region', value: 'eu-west-2' },
        { name: 'batch', value: '100' },
      ],
    };
    const before = await h.connectors();
    const recorder = stepRecorder();
    const result = await h.stack.up({ onEvent: recorder.onEvent });
    const changed = recorder.steps.filter((s) => s.op !== 'same').map((s) => `${s.name}:${s.op}:${s.changedInputs.join('+')}`);
    // The connection using the api-key config carries that config whole, so it follows the description change.
    assert.equal(result.summary.resourceChanges?.update, 4, changed.join(', '));
    for (const name of ['crm', 'crm-api-key', 'sync', 'reporting']) {
      assert.deepEqual(changesOf(recorder.steps, name).map((s) => s.op), ['update'], name);
    }
    const [crm] = await h.connectors();
    assert.equal(crm.protocol === 'http' && crm.baseUrl, 'https://api.example-crm.com/v3');
    assert.deepEqual(crm.tags, { team: 'platform', tier: 'gold' });
    assert.equal(crm.authSchemeConfigs.find((c) => c.schemeType === 'api-key')?.description, spec.apiKeyDescription);
    const sync = crm.connections.find((c) => c.name === 'sync');
    assert.deepEqual(sync?.variables, spec.syncVariables);
    assert.equal(sync?.id, before[0].connections.find((c) => c.name === 'sync')?.id, 'same connection, updated');
    const reporting = crm.connections.find((c) => c.name === 'reporting');
    assert.deepEqual(reporting?.variables, [{ name: 'region', value: 'eu-west-1' }], "the connector update kept other connections' variables");
  });

  it('a credential change replaces a connection that keeps its name', async () => {
    const [before] = await h.connectors();
    const oldId = before.connections.find((c) => c.name === 'reporting')?.id;
    spec = { ...spec, reportingKey: REPORTING_KEY_ROTATED };
    const result = await h.stack.up();
    assert.equal(result.summary.resourceChanges?.replace, 1, JSON.stringify(result.summary.resourceChanges));
    const [after] = await h.connectors();
    const reporting = after.connections.filter((c) => c.name === 'reporting');
    assert.equal(reporting.length, 1);
    assert.notEqual(reporting[0].id, oldId);
    assert.equal(result.outputs.reportingId.value, reporting[0].id);
  });

  it('refresh detects an out-of-band change and deletion, and the next up repairs both', async () => {
    const [crm] = await h.connectors();
    assert.equal(crm.protocol, 'http');
    const changed = await api(h, 'PUT', `/connectors/${crm.id}`, {
      id: crm.id,
      organisationId: crm.organisationId,
      name: crm.name,
      protocol: 'http',
      baseUrl: 'https://changed-by-hand.example.com',
      tags: crm.tags,
    });
    assert.equal(changed.status, 200);
    const sync = crm.connections.find((c) => c.name === 'sync');
    assert.equal((await api(h, 'DELETE', `/connectors/${crm.id}/connections/${sync?.id}`)).status, 204);

    const refresh = await h.stack.refresh();
    assert.equal(refresh.summary.resourceChanges?.update, 1, JSON.stringify(refresh.summary.resourceChanges));
    assert.equal(refresh.summary.resourceChanges?.delete, 1, JSON.stringify(refresh.summary.resourceChanges));

    const up = await h.stack.up();
    assert.equal(up.summary.resourceChanges?.update, 1, JSON.stringify(up.summary.resourceChanges));
    assert.equal(up.summary.resourceChanges?.create, 1, JSON.stringify(up.summary.resourceChanges));
    const [repaired] = await h.connectors();
    assert.equal(repaired.protocol === 'http' && repaired.baseUrl, spec.baseUrl);
    assert.deepEqual(repaired.connections.map((c) => c.name).sort(), ['reporting', 'sync']);
    assert.deepEqual(repaired.connections.find((c) => c.name === 'sync')?.variables, spec.syncVariables);
  });

  it('adopts objects created outside Pulumi with the import option, then previews no changes', async () => {
    const created = await api(h, 'POST', '/protocols/http/connectors', {
      name: 'adopted',
      baseUrl: 'https://adopted.example.com',
      authSchemeConfigs: [],
      connections: [],
    });
    assert.equal(created.status, 201);
    const connectorId = (created.body as { id: string }).id;
    const configId = '01JB0000000000000000000ABC';
    const upserted = await api(h, 'PUT', `/connectors/${connectorId}/auth-scheme-configs/${configId}`, {
      id: configId,
      schemeType: 'basic-auth',
      description: 'adopted basic auth',
    });
    assert.equal(upserted.status, 200);

    spec = { ...spec, adopt: { connectorId, configId } };
    const mark = h.mark();
    const up = await h.stack.up();
    // Pulumi cannot import dynamic resources (pulumi/pulumi#3550): the provider adopts them on "create" instead.
    assert.equal(up.summary.resourceChanges?.create, 2, JSON.stringify(up.summary.resourceChanges));
    assert.deepEqual(
      h.requests(mark).filter((r) => r.method === 'POST'),
      [],
      'adopting creates nothing',
    );
    const adopted = (await h.connectors()).filter((c) => c.name === 'adopted');
    assert.equal(adopted.length, 1);
    assert.equal(adopted[0].id, connectorId);
    assert.deepEqual(adopted[0].authSchemeConfigs.map((c) => c.id), [configId]);
    const preview = await h.stack.preview();
    assert.deepEqual(Object.keys(preview.changeSummary), ['same'], JSON.stringify(preview.changeSummary));
  });

  it('keeps the token and every credential secret out of the state, and the serialized provider is small', async () => {
    const exported = await runPulumi(h.stack, ['stack', 'export']);
    assert.match(exported, /"ciphertext"/, 'the secrets are there, encrypted');
    for (const secret of [h.emulator.token, REPORTING_KEY, REPORTING_KEY_ROTATED, CLIENT_SECRET]) {
      assert.ok(!exported.includes(secret), `exported state holds ${secret.slice(0, 6)}…`);
    }
    const backendFiles: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else backendFiles.push(full);
      }
    };
    walk(h.backendDir);
    walk(h.workDir);
    assert.ok(backendFiles.length > 0);
    for (const file of backendFiles) {
      const text = fs.readFileSync(file, 'utf8');
      for (const secret of [h.emulator.token, REPORTING_KEY, REPORTING_KEY_ROTATED, CLIENT_SECRET]) {
        assert.ok(!text.includes(secret), `${path.relative(h.backendDir, file)} holds a secret`);
      }
    }
    const deployment = JSON.parse(exported).deployment as { resources: Array<{ type: string; inputs?: { __provider?: string } }> };
    const providers = deployment.resources.map((r) => r.inputs?.__provider).filter((p): p is string => typeof p === 'string');
    assert.ok(providers.length >= 5, `${providers.length} serialized providers`);
    const largest = Math.max(...providers.map((p) => p.length));
    console.log(`      serialized provider: ${largest} bytes (largest of ${providers.length} resources)`);
    assert.ok(largest < 8 * 1024, `serialized provider is ${largest} bytes`);
  });

  it('destroy leaves the platform empty', async () => {
    const result = await h.stack.destroy();
    assert.equal(result.summary.result, 'succeeded');
    assert.deepEqual(await h.connectors(), []);
  });
});
