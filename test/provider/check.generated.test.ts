// Generated inputs through each resource's `check`, seeded and bounded: any input passes or fails with failures that
// name a field, check never throws, and it never sends a request.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { CREDENTIAL_TYPES } from '../../api/schemas';
import { UNKNOWN } from '../../provider/diff';
import type { ResourceKind } from '../../provider/dynamic';
import { handlers } from '../../provider/handlers';
import { startHarness, type Harness } from '../support/provider-harness';

const SEED = 14;
const RUNS = 1000;

/** Arrays and objects nested `depth` levels deep, shown by fast-check as a short description. */
function nested(depth: number): unknown {
  let value: object = ['bottom'];
  for (let i = 1; i < depth; i++) value = i % 2 === 0 ? [value] : { a: value };
  return Object.defineProperty(value, fc.toStringMethod, { value: () => `<arrays and objects ${depth} deep>` });
}

/** Mostly a value of the right kind, else anything: not known yet, any JSON, nested very deep, or a hostile string. */
function field<T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: valid, weight: 40 },
    fc.constant(UNKNOWN),
    fc.jsonValue({ maxDepth: 3 }),
    fc.integer({ min: 100, max: 20_000 }).map(nested),
    fc.constantFrom('', ' ', '__proto__', 'x'.repeat(10_000), '\ud800'),
  );
}

/** Left out most of the time (a field that, given, constrains others). */
function rarely(arb: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof({ arbitrary: fc.constant(undefined), weight: 4 }, arb);
}

const ulid = field(fc.ulid());
const text = field(fc.stringMatching(/^[a-z][a-z0-9 -]{0,12}$/));
const url = field(fc.constantFrom('https://api.example.com', 'http://localhost:8080/x', 'http://api.example.com', 'ftp://x.example.com'));
const variables = field(fc.array(fc.record({ name: text, value: field(fc.string({ maxLength: 8 })) }), { maxLength: 3 }));
const extraKey = fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 1 });

const connectorFields = {
    name: text,
    protocol: rarely(field(fc.constantFrom('http', 'bigquery'))),
    baseUrl: url,
    datasetId: rarely(field(fc.constantFrom('project.dataset', 'no-dot'))),
    documentationURL: url,
    imageURL: url,
    public: field(fc.boolean()),
    tags: field(fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), { maxKeys: 3 })),
    connectionVariables: variables,
    forceDelete: field(fc.boolean()),
    adoptId: ulid,
};

const grant = field(
  fc.record(
    { grantType: field(fc.constantFrom('authorization_code', 'client_credentials', 'password')), clientId: text, clientSecret: text, credentialId: ulid, organisationId: ulid },
    { requiredKeys: ['grantType'] },
  ),
);

const authSchemeConfigFields = {
    connectorId: ulid,
    authSchemeConfigId: ulid,
    description: text,
    schemeType: field(fc.constantFrom('none', 'api-key', 'basic-auth', 'certificate', 'hmac', 'oauth2', 'jwt-bearer', 'google-service-account')),
    name: text,
    in: field(fc.constantFrom('query', 'header', 'cookie', 'body')),
    algorithm: field(fc.constantFrom('sha1', 'sha256', 'sha512')),
    digestInputs: field(fc.subarray(['body', 'url'])),
    authorizeUrl: url,
    tokenUrl: url,
    scopes: field(fc.array(fc.record({ name: text }), { maxLength: 2 })),
    defaultScopes: field(fc.array(text, { maxLength: 2 })),
    additionalTokenParams: text,
    mtlsEnabled: field(fc.boolean()),
    grant,
};

/** Scheme types with a credential type and data that fit them; the generated values may still not. */
const CREDENTIAL_FITS: Array<[string, string, Record<string, fc.Arbitrary<unknown>>]> = [
  ['api-key', 'string', { value: text }],
  ['basic-auth', 'basic-auth', { username: text, password: text }],
  ['none', 'none', {}],
  ['oauth2', 'oauth2-code', { code: text, state: text }],
  ['oauth2', 'oauth2-token', { scopes: field(fc.array(text, { maxLength: 2 })) }],
];

const credentialItem = field(
  fc.constantFrom(...CREDENTIAL_FITS).chain(([schemeType, type, data]) =>
    fc.record({
      authSchemeConfig: field(fc.record({ id: ulid, schemeType: field(fc.constant(schemeType)) }, { requiredKeys: ['id'] })),
      credential: field(
        fc.record({
          name: text,
          type: field(fc.oneof({ arbitrary: fc.constant(type), weight: 9 }, fc.constantFrom(...CREDENTIAL_TYPES, 'jwt-bearer', 'custom-function'))),
          data: field(fc.record(data)),
        }),
      ),
    }),
  ),
);

const connectionFields = {
    connectorId: ulid,
    name: text,
    variables,
    credentials: field(fc.record({ action: field(fc.array(credentialItem, { maxLength: 2 })), trigger: rarely(field(fc.array(credentialItem, { maxLength: 2 }))) })),
    forceDelete: field(fc.boolean()),
    adoptId: ulid,
};

const versionName = field(fc.constantFrom('1.0.0', '2024-06', 'latest', 'default', 'a/b', 'Latest'));

const connectorVersionFields = {
  connectorId: ulid,
  name: versionName,
  description: text,
  fromVersion: rarely(versionName),
};

const connectorVersionPublicationFields = {
  connectorId: ulid,
  versionName,
  isDefault: field(fc.boolean()),
};

const definitionName = field(fc.constantFrom('product', 'order', 'bad name', 'x$'));
const definitionNames = field(fc.array(definitionName, { maxLength: 3 }));

const definitionFields = {
    connectorId: ulid,
    versionName,
    name: definitionName,
    accept: field(fc.array(field(fc.constantFrom('application/json', 'text/yaml', 'json')), { maxLength: 2 })),
    description: text,
    schema: field(fc.record({ contentType: field(fc.constantFrom('application/schema+json', 'text/xml')), content: field(fc.constantFrom('{}', '{"type":"object"}', '{', '<x/>')) })),
};

const parameter = field(
  fc.record(
    { name: text, in: field(fc.constantFrom('path', 'query', 'header', 'cookie', 'body')), required: field(fc.boolean()), type: field(fc.constantFrom('string', 'integer', 'object')), default: fc.jsonValue({ maxDepth: 1 }), completion: rarely(field(fc.constantFrom({}, { x: 1 }))) },
    { requiredKeys: ['name', 'in', 'required', 'type'] },
  ),
);

const operationFields = {
    connectorId: ulid,
    versionName,
    name: field(fc.constantFrom('get-product', 'list$all', 'bad name')),
    type: rarely(field(fc.constantFrom('http', 'grpc'))),
    summary: text,
    description: text,
    method: field(fc.constantFrom('GET', 'POST', 'get')),
    parameters: field(fc.array(parameter, { maxLength: 3 })),
    requestBody: rarely(field(fc.record({ required: field(fc.boolean()), definitions: definitionNames }))),
    responses: field(fc.array(field(fc.record({ status: rarely(field(fc.integer({ min: 0, max: 700 }))), definitions: definitionNames }, { requiredKeys: ['definitions'] })), { maxLength: 3 })),
};

/** The fields each resource needs, generated in every input (the others are left out half of the time). */
const REQUIRED: Record<ResourceKind, string[]> = {
  connector: ['name', 'baseUrl'],
  authSchemeConfig: ['connectorId', 'description', 'schemeType'],
  connection: ['connectorId', 'name', 'credentials'],
  connectorVersion: ['connectorId', 'name'],
  connectorVersionPublication: ['connectorId', 'versionName'],
  definition: ['connectorId', 'versionName', 'name', 'accept', 'schema'],
  action: ['connectorId', 'versionName', 'name', 'method', 'path', 'responses'],
  trigger: ['connectorId', 'versionName', 'name', 'method', 'responses'],
};

/** Each resource's input fields, each generated or left out. */
const FIELDS: Record<ResourceKind, Record<string, fc.Arbitrary<unknown>>> = {
  connector: connectorFields,
  authSchemeConfig: authSchemeConfigFields,
  connection: connectionFields,
  connectorVersion: connectorVersionFields,
  connectorVersionPublication: connectorVersionPublicationFields,
  definition: definitionFields,
  action: { ...operationFields, path: field(fc.constantFrom('/products/{{ param.id }}', '/x')) },
  trigger: operationFields,
};

/** Inputs with, sometimes, a property the resource does not have and the key the dynamic-provider host adds. */
function inputsOf(kind: ResourceKind): fc.Arbitrary<Record<string, unknown>> {
  const fields = fc.record(FIELDS[kind], { requiredKeys: REQUIRED[kind] });
  return fc.tuple(fields, fc.option(extraKey, { freq: 4, nil: undefined }), fc.boolean()).map(([base, extra, host]) => ({
    ...extra,
    ...Object.fromEntries(Object.entries(base).filter(([, value]) => value !== undefined)),
    ...(host && { __provider: 'serialized-provider' }),
  }));
}

/**
 * The field a failure names: its property, or, where the engine would print the property's value (a top-level
 * property that may hold a secret), the start of its reason (`baseUrl: must not carry credentials …`).
 */
function namesField(failure: { property: string; reason: string }, fields: readonly string[]): boolean {
  const named = failure.property !== '' ? failure.property : failure.reason.slice(0, Math.max(0, failure.reason.indexOf(': ')));
  return fields.some((field) => named === field || named.startsWith(`${field}.`) || named.startsWith(`${field}[`));
}

describe("provider check under generated inputs (seeded, bounded)", function () {
  this.timeout(120_000);
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.stop();
  });

  for (const kind of Object.keys(FIELDS) as ResourceKind[]) {
    it(`${kind}: ${RUNS} generated inputs (seed ${SEED}) pass or fail naming a field, without a throw or a request`, async () => {
      const outcomes = { passed: 0, failed: 0 };
      await fc.assert(
        fc.asyncProperty(inputsOf(kind), async (news) => {
          const result = await handlers[kind].check({}, news);
          const failures = result.failures ?? [];
          for (const failure of failures) {
            assert.ok(failure.reason.length > 0, `a failure without a reason: ${JSON.stringify(failure)}`);
            const fields = [...Object.keys(FIELDS[kind]), ...Object.keys(news)];
            assert.ok(namesField(failure, fields), `a failure that names no field: ${JSON.stringify(failure)}`);
          }
          outcomes[failures.length === 0 ? 'passed' : 'failed'] += 1;
          assert.equal(h.requestCount(), 0, 'check sent a request');
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
      assert.ok(outcomes.passed >= 10 && outcomes.failed >= 10, `the inputs must both pass and fail: ${JSON.stringify(outcomes)}`);
    });
  }
});
