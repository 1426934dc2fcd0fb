// Platform refusals through the real engine: a bad token (401), a token without permission (403), a wrong
// organisation (404) and objects in use (409/412) each end the run with a sentence the user can act on, and the
// state still matches the platform afterwards.
import { strict as assert } from 'assert';
import * as pulumi from '@pulumi/pulumi';
import { AuthSchemeConfig, Connection, Connector } from '../../provider';
import { runPulumi } from '../../scripts/engine';
import { failureOf, startEngineHarness, type EngineHarness } from '../support/engine-harness';

const OTHER_ORGANISATION = '01JB0000000000000000000ORG';

let spec = { withConnection: true, tier: 'gold' };

function program(): void {
  const crm = new Connector('crm', { name: 'errors-crm', baseUrl: 'https://api.example-crm.com', tags: { tier: spec.tier } });
  const key = new AuthSchemeConfig('key', { connectorId: crm.id, schemeType: 'api-key', description: 'key', name: 'X-Key', in: 'header' });
  if (spec.withConnection) {
    new Connection('conn', {
      connectorId: crm.id,
      name: 'errors-conn',
      credentials: { action: [{ authSchemeConfig: key, credential: pulumi.secret({ name: 'k', type: 'string' as const, data: { value: 'errors-secret' } }) }] },
    });
  }
}

describe('engine: platform refusals end the run with an actionable message and a consistent state', function () {
  this.timeout(240_000);
  let h: EngineHarness;

  /** The ids the state records, per resource type, and the same from the platform. */
  async function assertStateMatchesPlatform(): Promise<void> {
    const deployment = JSON.parse(await runPulumi(h.stack, ['stack', 'export'])).deployment as {
      resources?: Array<{ type: string; id?: string }>;
      pending_operations?: unknown[];
    };
    assert.deepEqual(deployment.pending_operations ?? [], [], 'no pending operations');
    const ids = (suffix: string) => (deployment.resources ?? []).filter((r) => r.type.endsWith(suffix)).map((r) => r.id).sort();
    const connectors = await h.connectors();
    assert.deepEqual(ids('versori:Connector'), connectors.map((c) => c.id).sort(), 'connectors');
    assert.deepEqual(ids('versori:AuthSchemeConfig'), connectors.flatMap((c) => c.authSchemeConfigs.map((a) => `${c.id}/${a.id}`)).sort(), 'configs');
    assert.deepEqual(ids('versori:Connection'), connectors.flatMap((c) => c.connections.map((x) => `${c.id}/${x.id}`)).sort(), 'connections');
  }

  before(async function () {
    this.timeout(1_200_000);
    spec = { withConnection: true, tier: 'gold' };
    h = await startEngineHarness({ program: async () => program() });
  });

  after(async () => {
    await h?.close();
  });

  it('401: a bad token stops the first up, says how to set the token, and nothing is created', async () => {
    await h.stack.setConfig('versori:token', { value: 'not-the-token', secret: true });
    try {
      const message = await failureOf(h.stack.up());
      assert.match(
        message,
        /Versori did not accept the token for CreateHTTPConnector of Connector "errors-crm": a valid bearer token is required \(401\)\. Set a valid API key with `pulumi config set --secret versori:token` or VERSORI_TOKEN\./,
      );
      assert.ok(!message.includes('not-the-token'), 'the rejected token is not echoed');
    } finally {
      await h.stack.setConfig('versori:token', { value: h.emulator.token, secret: true });
    }
    assert.deepEqual(await h.connectors(), []);
    await assertStateMatchesPlatform();
  });

  it('403: a token without permission stops the up and points at the key and the organisation', async () => {
    h.emulator.setFaults({ errorRate: 1, statuses: [403] });
    try {
      const message = await failureOf(h.stack.up());
      assert.match(message, /The token is not allowed to perform CreateHTTPConnector on Connector "errors-crm": .*\(403\)\. Check the API key's permissions and versori:organisationId\./);
    } finally {
      h.emulator.setFaults(null);
    }
    await assertStateMatchesPlatform();
  });

  it('with the right settings the same program comes up', async () => {
    const result = await h.stack.up();
    assert.equal(result.summary.resourceChanges?.create, 3, JSON.stringify(result.summary.resourceChanges));
    await assertStateMatchesPlatform();
  });

  it('404: a wrong organisation fails update, refresh and destroy alike, and drops nothing from the state', async () => {
    await h.stack.setConfig('versori:organisationId', { value: OTHER_ORGANISATION });
    try {
      spec = { ...spec, tier: 'silver' };
      const update = await failureOf(h.stack.up());
      assert.match(update, /Connector "errors-crm" was not found \(UpdateConnector\): .*\(404\)\. Check versori:organisationId and the id\./);
      spec = { ...spec, tier: 'gold' };
      const refresh = await failureOf(h.stack.refresh());
      assert.match(refresh, new RegExp(`organisation ${OTHER_ORGANISATION} is not visible with this token .*Set versori:organisationId to the organisation the API key belongs to`));
      const destroy = await failureOf(h.stack.destroy());
      assert.match(destroy, new RegExp(`organisation ${OTHER_ORGANISATION} is not visible with this token`));
    } finally {
      spec = { ...spec, tier: 'gold' };
      await h.stack.setConfig('versori:organisationId', { value: h.emulator.organisationId });
    }
    const [crm] = await h.connectors();
    assert.deepEqual(crm.tags, { tier: 'gold' }, 'the platform was not changed');
    await assertStateMatchesPlatform();
    const preview = await h.stack.preview();
    assert.deepEqual(Object.keys(preview.changeSummary), ['same'], JSON.stringify(preview.changeSummary));
  });

  it('412: deleting a connection in use fails with what to do, and the connection stays in state and on the platform', async () => {
    const [crm] = await h.connectors();
    const connection = crm.connections[0];
    h.emulator.markInUse(crm.id, connection.id);
    spec = { ...spec, withConnection: false };
    try {
      const message = await failureOf(h.stack.up());
      assert.match(
        message,
        /Connection "errors-conn" \([0-9A-Z]+\/[0-9A-Z]+\) is in use by another product, so Versori refused to delete it \(412: .*\)\. Stop what uses it first, or set `forceDelete: true` on the resource, run `pulumi up`, then delete again\./,
      );
    } finally {
      spec = { ...spec, withConnection: true };
      h.emulator.markInUse(crm.id, connection.id, false);
    }
    await assertStateMatchesPlatform();
  });

  it('409: destroying a connector in use deletes what it can, fails on the connector, and the state follows', async () => {
    const [crm] = await h.connectors();
    h.emulator.markInUse(crm.id);
    try {
      const message = await failureOf(h.stack.destroy());
      assert.match(message, /Connector "errors-crm" \([0-9A-Z]+\) is still in use, so Versori refused to delete it \(409: .*\)\. Remove what uses it first, or set `forceDelete: true`/);
    } finally {
      h.emulator.markInUse(crm.id, undefined, false);
    }
    await assertStateMatchesPlatform();
    const [left] = await h.connectors();
    assert.equal(left.id, crm.id);
    await h.stack.destroy();
    assert.deepEqual(await h.connectors(), []);
    await assertStateMatchesPlatform();
  });
});
