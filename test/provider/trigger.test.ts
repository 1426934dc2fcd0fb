import { strict as assert } from 'node:assert';
import { ulid } from 'ulid';
import { triggerFields, triggerKind } from '../../provider/trigger/inputs';
import type { VersionAddress } from '../../provider/version-endpoints';
import { assertDocumented } from '../support/docs';
import { createResource, expectRejection, Harness, Props, providers, updateResource } from '../support/provider-harness';
import { definitionInputs, sentOperations, useDraftVersion, Versions } from '../support/version-harness';
import { assertRefreshRecovers, assertUpdateRefused, type OldStateCase } from '../support/old-state';

const trigger = providers.trigger;

describe('provider/trigger', () => {
  const suite = useDraftVersion(async (at) => {
    await createResource('definition', definitionInputs(at, 'order'));
  });
  let h: Harness;
  let v: Versions;
  let at: VersionAddress;
  beforeEach(() => ({ h, v, at } = suite()));

  const onOrder = (extra: Props = {}): Props => ({
    ...at,
    name: 'on-order',
    method: 'POST',
    parameters: [{ name: 'X-Signature', in: 'header', required: true, type: 'string' }],
    requestBody: { required: true, definitions: ['order'] },
    responses: [{ status: 204, definitions: [] }],
    ...extra,
  });

  it("docs/resources.md's input table lists every declared input, with its replace rule", () => {
    assertDocumented('Trigger', triggerFields);
  });

  it('refuses what a trigger does not have: a path, a path parameter, a completion', async () => {
    const result = await trigger.check({}, onOrder({
      path: '/orders',
      parameters: [{ name: 'id', in: 'path', required: true, type: 'string', completion: {} }],
    }));
    const fields = (result.failures ?? []).map((f) => f.property).sort();
    assert.deepEqual(fields, ['', 'parameters[0].completion', 'parameters[0].in']);
    assert.match(result.failures?.find((f) => f.property === '')?.reason ?? '', /^path: unknown property "path"/);
    const statuses = await trigger.check({}, onOrder({ responses: [{ status: 204, definitions: [] }, { status: 204, definitions: [] }] }));
    assert.deepEqual(statuses.failures?.map((f) => f.property), ['responses[1].status']);
  });

  it('replaces on the name, creating first, and changes the rest in place', async () => {
    const olds = { ...onOrder(), triggerId: ulid(), errors: [], linkedDefinitions: [] };
    const renamed = await trigger.diff('id', olds, onOrder({ name: 'order-placed' }));
    assert.deepEqual(renamed.replaces, ['name']);
    assert.equal(renamed.deleteBeforeReplace, false);
    const inPlace = await trigger.diff('id', olds, onOrder({ summary: 'On order', responses: [{ status: 202, definitions: [] }] }));
    assert.deepEqual(inPlace.replaces, []);
    assert.deepEqual(Object.keys(inPlace.detailedDiff).sort(), ['responses', 'summary']);
  });

  it('creates, updates, refreshes and deletes with one request each', async () => {
    const created = await createResource('trigger', onOrder());
    assert.equal(h.requestCount(), 1);
    assert.equal(created.id, `${at.connectorId}/1.0.0/on-order`);
    const held = await v.client.versions.triggers.get(at, 'on-order', 't');
    assert.equal(created.outs.triggerId, held.id);
    assert.deepEqual(created.outs.linkedDefinitions, [{ id: held.requestBody?.definitions[0].definition.id, name: 'order', accept: ['application/json'], url: held.requestBody?.definitions[0].definition.url }]);
    h.resetRequests();
    const updated = await updateResource('trigger', created.id, created, onOrder({ summary: 'On order', requestBody: { required: false, definitions: ['order'] } }));
    assert.equal(h.requestCount(), 1);
    const after = await v.client.versions.triggers.get(at, 'on-order', 't');
    assert.equal(after.summary, 'On order');
    assert.equal(after.requestBody?.required, false);
    h.resetRequests();
    const same = await trigger.read(created.id, updated.outs);
    assert.equal(h.requestCount(), 1);
    assert.equal((await trigger.diff(created.id, same.props ?? {}, updated.inputs)).changes, false);
    await v.client.versions.triggers.update(at, 'on-order', { ...after, method: 'PUT' }, 't');
    const drifted = await trigger.read(created.id, updated.outs);
    assert.deepEqual((await trigger.diff(created.id, drifted.props ?? {}, updated.inputs)).detailedDiff, { method: 'update' });
    h.resetRequests();
    await trigger.delete(created.id, updated.outs);
    assert.equal(h.requestCount(), 1);
    assert.equal((await trigger.read(created.id, updated.outs)).id, '');
    await trigger.delete(created.id, updated.outs);
  });

  it('adopts an existing trigger (adopt): as it is with one GET, or with one PUT when it differs; none: an error', async () => {
    await expectRejection(createResource('trigger', onOrder({ adopt: true })), /Trigger "on-order": there is no trigger "on-order" in version "1\.0\.0" of connector \w+ to adopt/);
    const parameters = [{ name: 'X-Signature', in: 'header' as const, required: true, type: 'string' as const }];
    const requestBody = { required: true, definitions: [{ definition: { name: 'order' } }] };
    const made = await v.client.versions.triggers.create(at, { type: 'http', name: 'on-order', method: 'POST', parameters, requestBody, responses: [{ id: ulid(), status: 204, definitions: [] }] }, 't');
    h.resetRequests();
    const same = await createResource('trigger', onOrder({ adopt: true }));
    assert.deepEqual(sentOperations(h), ['GetTrigger']);
    assert.deepEqual([same.id, same.outs.triggerId], [`${at.connectorId}/1.0.0/on-order`, made.id]);
    assert.equal((await trigger.diff(same.id, same.outs, onOrder())).changes, false);
    h.resetRequests();
    await createResource('trigger', onOrder({ summary: 'On order', adopt: true }));
    assert.deepEqual(sentOperations(h), ['GetTrigger', 'UpdateTrigger']);
    assert.equal((await v.client.versions.triggers.get(at, 'on-order', 't')).summary, 'On order');
  });

  it('refuses a change in a published version with a sentence naming the two ways out', async () => {
    const created = await createResource('trigger', onOrder());
    await v.publish(at);
    const error = await expectRejection(trigger.update(created.id, created.outs, onOrder({ summary: 'late' })), /Trigger "on-order" cannot be changed: version "1\.0\.0" .* is published/);
    assert.match(error.message, /change the ConnectorVersion's name/);
    assert.match(error.message, /remove the version's publication/);
    assert.notEqual((await v.client.versions.getVersion(at, 'v')).publishedAt, null);
  });

  it('a state another release wrote: an update names the computed output it lacks (or holds of another type) and sends nothing; a refresh restores it', async () => {
    const created = await createResource('trigger', onOrder());
    const c: OldStateCase = {
      kind: 'trigger',
      kindName: 'Trigger',
      computed: triggerKind.computed,
      id: created.id,
      outs: created.outs,
      news: onOrder({ summary: 'An order came in' }),
      wrongTypes: { triggerId: 9, errors: 'none' },
    };
    await assertUpdateRefused(h, c);
    await assertRefreshRecovers(h, c);
  });
});
