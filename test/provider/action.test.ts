import { strict as assert } from 'node:assert';
import { ulid } from 'ulid';
import type { ActionCreate } from '../../api/versions';
import { actionFields, actionKind } from '../../provider/action/inputs';
import type { VersionAddress } from '../../provider/version-endpoints';
import { assertDocumented } from '../support/docs';
import { createResource, expectRejection, Harness, Props, providers, updateResource } from '../support/provider-harness';
import { definitionInputs, sentOperations, useDraftVersion, Versions } from '../support/version-harness';
import { assertRefreshRecovers, assertUpdateRefused, oldStateRefusal, type OldStateCase } from '../support/old-state';

const action = providers.action;
const UNKNOWN = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';

describe('provider/action', () => {
  const suite = useDraftVersion(async (at) => {
    await createResource('definition', definitionInputs(at, 'product'));
    await createResource('definition', definitionInputs(at, 'problem', { accept: ['application/problem+json'] }));
  });
  let h: Harness;
  let v: Versions;
  let at: VersionAddress;
  beforeEach(() => ({ h, v, at } = suite()));

  const getProduct = (extra: Props = {}): Props => ({
    ...at,
    name: 'get-product',
    summary: 'Get Product',
    method: 'GET',
    path: '/products/{{ param.id }}',
    parameters: [
      { name: 'id', in: 'path', required: true, type: 'string' },
      { name: 'expand', in: 'query', required: false, type: 'boolean', default: false, completion: {} },
    ],
    responses: [{ status: 200, definitions: ['product'] }, { definitions: ['problem'] }],
    ...extra,
  });

  it("docs/resources.md's input table lists every declared input, with its replace rule", () => {
    assertDocumented('Action', actionFields);
  });

  describe('check', () => {
    it('names each field the API would refuse with a 400', async () => {
      const result = await action.check({}, getProduct({
        name: 'get product',
        parameters: [
          { name: 'id', in: 'path', required: true, type: 'string', completion: { options: [] } },
          { name: 'id', in: 'path', required: false, type: 'string' },
        ],
        requestBody: { required: true, definitions: ['product', 'product'] },
        responses: [{ status: 99, definitions: [] }, { status: 200, definitions: [] }, { status: 200, definitions: [] }, { definitions: [] }, { definitions: [] }],
      }));
      const byField = Object.fromEntries((result.failures ?? []).map((f) => [f.property, f.reason]));
      assert.deepEqual(Object.keys(byField).sort(), [
        'name',
        'parameters[0].completion',
        'parameters[1]',
        'requestBody.definitions[1]',
        'responses[0].status',
        'responses[2].status',
        'responses[4].status',
      ]);
      assert.match(byField['responses[0].status'], /100 to 599/);
      assert.match(byField['responses[2].status'], /200 is also the status of responses\[1\]/);
      assert.match(byField['responses[4].status'], /only one response may be the default/);
      assert.match(byField['parameters[1]'], /\("id", path\) is also parameters\[0\]/);
      assert.match(byField['requestBody.definitions[1]'], /links definition "product" twice/);
      assert.match(byField['parameters[0].completion'], /must be \{\}/);
      const type = await action.check({}, getProduct({ type: 'grpc' }));
      assert.deepEqual(type.failures?.map((f) => f.property), ['type']);
      assert.equal(h.requestCount(), 0);
    });

    it('accepts definition names and statuses not known yet', async () => {
      const result = await action.check({}, getProduct({ versionName: UNKNOWN, responses: [{ status: 200, definitions: [UNKNOWN, UNKNOWN] }, { definitions: [UNKNOWN] }] }));
      assert.deepEqual(result.failures, []);
    });

    it('refuses a parameter default nested deeper than the API takes, naming it; the deepest it takes is created', async () => {
      const nested = (levels: number): unknown => {
        let value: unknown = 'leaf';
        for (let i = 0; i < levels; i++) value = i % 2 === 0 ? [value] : { v: value };
        return value;
      };
      const withDefault = (value: unknown) => getProduct({ parameters: [{ name: 'q', in: 'query', required: false, type: 'string', default: value }] });
      for (const levels of [62, 100, 6_000]) {
        const result = await action.check({}, withDefault(nested(levels)));
        assert.deepEqual(result.failures?.map((f) => f.property), ['parameters[0].default'], `${levels} levels`);
        assert.match(String(result.failures?.[0].reason), /must not nest deeper than 61 levels/);
        await assert.doesNotReject(Promise.resolve(action.diff('x', withDefault(nested(levels)), withDefault(nested(levels + 1)))));
      }
      const deepest = await createResource('action', withDefault(nested(61)));
      assert.ok(deepest.id.endsWith('/get-product'));
    });
  });

  describe('diff', () => {
    const olds = (): Props => ({ ...getProduct(), actionId: ulid(), errors: [], linkedDefinitions: [] });

    it('replaces on connector, version or name, creating first; type, the one there is, never changes', async () => {
      for (const [key, value] of [['connectorId', ulid()], ['versionName', '2.0.0'], ['name', 'fetch-product']] as const) {
        const diff = await action.diff('id', olds(), { ...getProduct(), [key]: value });
        assert.deepEqual(diff.replaces, [key]);
        assert.equal(diff.deleteBeforeReplace ?? false, false);
      }
      for (const type of ['http', UNKNOWN, undefined]) {
        const typed = await action.diff('id', olds(), getProduct({ type }));
        assert.equal(typed.changes, false, `type ${String(type)}: no change, no replacement previewed`);
        assert.deepEqual(typed.replaces, []);
      }
    });

    it('changes everything else in place, and never diffs on errors or linked definitions', async () => {
      const diff = await action.diff('id', olds(), getProduct({ summary: 'x', method: 'POST', path: '/p', requestBody: { required: true, definitions: ['product'] } }));
      assert.deepEqual(diff.replaces, []);
      assert.deepEqual(Object.keys(diff.detailedDiff).sort(), ['method', 'path', 'requestBody', 'summary']);
      const volatile = { ...olds(), errors: [{ field: '/responses', message: 'm', severity: 'error' }], linkedDefinitions: [{ id: ulid(), name: 'product', accept: [], url: 'https://x' }] };
      assert.equal((await action.diff('id', volatile, getProduct())).changes, false);
      assert.equal((await action.diff('id', olds(), getProduct({ description: '', summary: 'Get Product' }))).changes, false);
    });
  });

  describe('lifecycle', () => {
    it('creates with one request, linking definitions by name, with the id, errors and linked definitions as outputs', async () => {
      const created = await createResource('action', getProduct());
      assert.equal(h.requestCount(), 1);
      assert.equal(created.id, `${at.connectorId}/1.0.0/get-product`);
      const held = await v.client.versions.actions.get(at, 'get-product', 'a');
      assert.equal(created.outs.actionId, held.id);
      assert.deepEqual(created.outs.errors, []);
      assert.deepEqual((created.outs.linkedDefinitions as Props[]).map((d) => d.name), ['product', 'problem']);
      assert.deepEqual(held.responses.map((r) => r.definitions.map((l) => l.definition.name)), [['product'], ['problem']]);
      assert.deepEqual(held.parameters[1], { name: 'expand', in: 'query', required: false, type: 'boolean', default: false, completion: {} });
    });

    it("warns of the platform's error-severity findings, which block publishing", async () => {
      const created = await createResource('action', getProduct({ parameters: [], responses: [] }));
      assert.deepEqual((created.outs.errors as Props[]).map((e) => e.field).sort(), ['/path', '/responses']);
      const warnings = h.requests.filter((line) => line.includes('warning:'));
      assert.equal(warnings.length, 2, h.requests.join('\n'));
      assert.match(warnings.join('\n'), /Action "get-product": Versori reports \/responses: .*; publishing version "1\.0\.0" fails until this is fixed/);
    });

    it('updates in place with one PUT; a newly linked definition costs one GET', async () => {
      const created = await createResource('action', getProduct());
      h.resetRequests();
      const renamed = await updateResource('action', created.id, created, getProduct({ summary: 'Fetch product', description: 'by id' }));
      assert.equal(h.requestCount(), 1);
      const held = await v.client.versions.actions.get(at, 'get-product', 'a');
      assert.equal(held.summary, 'Fetch product');
      assert.deepEqual(held.responses.map((r) => r.definitions.map((l) => l.definition.name)), [['product'], ['problem']]);
      await createResource('definition', definitionInputs(at, 'query', { accept: ['application/x-www-form-urlencoded'] }));
      h.resetRequests();
      const linked = await updateResource('action', created.id, renamed, getProduct({ summary: undefined, method: 'POST', requestBody: { required: true, definitions: ['query'] } }));
      assert.equal(h.requestCount(), 2);
      assert.ok(h.requests.some((line) => /GET .*\/definitions\/query/.test(line)));
      assert.deepEqual((linked.outs.linkedDefinitions as Props[]).map((d) => d.name), ['query', 'product', 'problem']);
      const after = await v.client.versions.actions.get(at, 'get-product', 'a');
      assert.equal(after.method, 'POST');
      assert.deepEqual(after.requestBody?.definitions.map((l) => l.definition.name), ['query']);
      assert.equal(after.summary, undefined, 'a summary left out is cleared');
    });

    it('refresh records drift and sees a deletion', async () => {
      const created = await createResource('action', getProduct());
      const same = await action.read(created.id, created.outs);
      assert.equal((await action.diff(created.id, same.props ?? {}, created.inputs)).changes, false);
      const held = await v.client.versions.actions.get(at, 'get-product', 'a');
      await v.client.versions.actions.update(at, 'get-product', { ...held, summary: undefined, responses: [held.responses[0]] }, 'a');
      h.resetRequests();
      const drifted = await action.read(created.id, created.outs);
      assert.equal(h.requestCount(), 1);
      assert.equal(drifted.inputs?.summary, undefined);
      assert.deepEqual(drifted.inputs?.responses, [{ status: 200, definitions: ['product'] }]);
      const diff = await action.diff(created.id, drifted.props ?? {}, created.inputs);
      assert.deepEqual(Object.keys(diff.detailedDiff).sort(), ['responses', 'summary']);
      await v.client.versions.actions.remove(at, 'get-product', 'a');
      assert.equal((await action.read(created.id, created.outs)).id, '');
    });

    it('deletes with one request, and counts one already gone as deleted', async () => {
      const created = await createResource('action', getProduct());
      h.resetRequests();
      await action.delete(created.id, created.outs);
      assert.equal(h.requestCount(), 1);
      await expectRejection(v.client.versions.actions.get(at, 'get-product', 'a'), /not found/);
      await action.delete(created.id, created.outs);
    });
  });

  describe('adoption (adopt, what the import option sets)', () => {
    /** get-product as getProduct() declares it, made outside Pulumi; its ULID. */
    async function outside(): Promise<string> {
      const link = (name: string) => ({ definition: { name } });
      const { parameters, path, summary } = getProduct() as { parameters: ActionCreate['parameters']; path: string; summary: string };
      const responses = [{ id: ulid(), status: 200, definitions: [link('product')] }, { id: ulid(), definitions: [link('problem')] }];
      const made = await v.client.versions.actions.create(at, { type: 'http', name: 'get-product', summary, method: 'GET', path, parameters, responses }, 'a');
      h.resetRequests();
      return made.id;
    }

    it('adopts an identical action with one GET and no write; the diff never shows adopt', async () => {
      const actionId = await outside();
      const adopted = await createResource('action', getProduct({ adopt: true }));
      assert.deepEqual(sentOperations(h), ['GetAction']);
      assert.deepEqual([adopted.id, adopted.outs.actionId], [`${at.connectorId}/1.0.0/get-product`, actionId]);
      assert.deepEqual((adopted.outs.linkedDefinitions as Props[]).map((d) => d.name), ['product', 'problem']);
      assert.equal((await action.diff(adopted.id, adopted.outs, getProduct())).changes, false);
    });

    it('brings a different action to the inputs with one PUT, reading only the definitions the read does not embed', async () => {
      const actionId = await outside();
      await createResource('definition', definitionInputs(at, 'query', { accept: ['application/x-www-form-urlencoded'] }));
      h.resetRequests();
      await createResource('action', getProduct({ summary: 'Fetch', adopt: true }));
      assert.deepEqual(sentOperations(h), ['GetAction', 'UpdateAction']);
      h.resetRequests();
      const adopted = await createResource('action', getProduct({ method: 'POST', requestBody: { required: true, definitions: ['query'] }, adopt: true }));
      assert.deepEqual(sentOperations(h), ['GetAction', 'GetDefinition', 'UpdateAction']);
      const held = await v.client.versions.actions.get(at, 'get-product', 'a');
      assert.deepEqual([held.id, held.method, held.summary, held.requestBody?.definitions.map((l) => l.definition.name)], [actionId, 'POST', 'Get Product', ['query']]);
      assert.equal(adopted.outs.actionId, actionId);
    });

    it('in a published version, adopts an identical one and refuses one that differs', async () => {
      await outside();
      await v.publish(at);
      h.resetRequests();
      await createResource('action', getProduct({ adopt: true }));
      assert.deepEqual(sentOperations(h), ['GetAction']);
      await expectRejection(createResource('action', getProduct({ summary: 'late', adopt: true })), /Action "get-product" cannot be adopted as declared: version "1\.0\.0" .* is published/);
      assert.equal((await v.client.versions.actions.get(at, 'get-product', 'a')).summary, 'Get Product');
    });

    it('says there is nothing to adopt when the version has no action of that name', async () => {
      await expectRejection(
        createResource('action', getProduct({ adopt: true })),
        /Action "get-product": there is no action "get-product" in version "1\.0\.0" of connector \w+ to adopt/,
      );
      assert.deepEqual(sentOperations(h), ['GetAction']);
    });
  });

  describe('in a published version', () => {
    it('refuses a change with a sentence naming the two ways out, and never unpublishes', async () => {
      const created = await createResource('action', getProduct());
      await v.publish(at);
      const error = await expectRejection(action.update(created.id, created.outs, getProduct({ summary: 'late' })), /Action "get-product" cannot be changed: version "1\.0\.0" .* is published/);
      assert.match(error.message, /change the ConnectorVersion's name/);
      assert.match(error.message, /make this change in the next/);
      await expectRejection(createResource('action', getProduct({ name: 'list-products' })), /Action "list-products" cannot be created/);
      assert.notEqual((await v.client.versions.getVersion(at, 'v')).publishedAt, null);
      assert.equal((await v.client.versions.actions.get(at, 'get-product', 'a')).summary, 'Get Product');
    });
  });

  it('a state another release wrote: an update names the computed output it lacks (or holds of another type) and sends nothing; a refresh restores it', async () => {
    const created = await createResource('action', getProduct());
    const c: OldStateCase = {
      kind: 'action',
      kindName: 'Action',
      computed: actionKind.computed,
      id: created.id,
      outs: created.outs,
      news: getProduct({ summary: 'Get one product' }),
      wrongTypes: { actionId: 9, linkedDefinitions: {} },
    };
    await assertUpdateRefused(h, c);
    // The linked definitions go into the update's request whole: one recorded without its id is named.
    h.resetRequests();
    await expectRejection(action.update(c.id, { ...c.outs, linkedDefinitions: [{ name: 'product' }] }, c.news), oldStateRefusal('Action', 'lacks', 'linkedDefinitions[0].id'));
    assert.deepEqual(h.requests, []);
    await assertRefreshRecovers(h, c);
  });
});
