// What an Action and a Trigger share in their inputs: every field of the contract but the Action's `path`, the check
// rules the API enforces with a 400 (each failure naming its field), and the computed outputs.
import { z } from 'zod';
import { HttpMethod, OPERATION_NAME_PATTERN } from '../../api/versions';
import { input, InputField, shapeOf, specsOf } from '../declare';
import type { InputRules } from '../validation';
import { isUnknown } from '../diff';
import { DefinitionName } from '../definition/inputs';
import { adoptField, versionAddressFields } from '../version-child';
import { MAX_BODY_DEPTH, nestsDeeperThan } from '../../api/schemas';
import { operationComputedOf } from './computed';

/** How deep a parameter's default may nest: the body's own depth less the three levels around it. */
const MAX_DEFAULT_DEPTH = MAX_BODY_DEPTH - 3;

const parameterFields = {
  name: z.string().min(1, 'must not be empty'),
  required: z.boolean(),
  type: z.enum(['string', 'number', 'integer', 'boolean']),
  /** Any JSON value; strings may be templates such as "{{ .conn.foo }}". */
  default: z
    .unknown()
    .optional()
    .refine(
      (value) => !nestsDeeperThan(value, MAX_DEFAULT_DEPTH),
      `must not nest deeper than ${MAX_DEFAULT_DEPTH} levels (Versori refuses a request body deeper than ${MAX_BODY_DEPTH}, and the action, its parameters and the parameter hold this value)`,
    ),
};

/** `completion` takes no settings yet: the API accepts only `{}`. */
const Completion = z
  .record(z.string(), z.unknown())
  .refine((value) => Object.keys(value).length === 0, 'must be {} (the API takes no completion settings yet)');

/** An action's parameter. */
export const ActionParameter = z.object({ ...parameterFields, in: z.enum(['cookie', 'header', 'path', 'query']), completion: Completion.optional() }).strict();
/** A trigger's parameter: no `path` location, no `completion`. */
export const TriggerParameter = z.object({ ...parameterFields, in: z.enum(['cookie', 'header', 'query']) }).strict();

/** The same definition twice in one list (the API takes one definition per media type). */
const DefinitionNames = z.array(DefinitionName).superRefine((names, ctx) => {
  names.forEach((name, i) => {
    const first = names.indexOf(name);
    if (!isUnknown(name) && first < i) ctx.addIssue({ code: 'custom', path: [i], message: `links definition "${name}" twice (also [${first}])` });
  });
});

const Status = z.number().int('must be an integer').min(100, 'must be 100 to 599').max(599, 'must be 100 to 599');

const Response = z.object({ status: Status.optional(), definitions: DefinitionNames }).strict();

/** Two responses with one status, or more than one default (no status). */
const Responses = z.array(Response).superRefine((responses, ctx) => {
  const statuses = responses.map((r) => r.status);
  statuses.forEach((status, i) => {
    const first = statuses.indexOf(status);
    if (first >= i) return;
    const message = status === undefined ? `only one response may be the default (no status); responses[${first}] already is` : `${status} is also the status of responses[${first}]`;
    ctx.addIssue({ code: 'custom', path: [i, 'status'], message });
  });
});

const RequestBody = z.object({ required: z.boolean(), definitions: DefinitionNames }).strict();

/** Two parameters with the same name and location. */
function parameterList<P extends z.ZodType<{ name: string; in: string }>>(parameter: P) {
  return z.array(parameter).superRefine((parameters, ctx) => {
    parameters.forEach((p, i) => {
      const first = parameters.findIndex((q) => q.name === p.name && q.in === p.in);
      if (first < i && !isUnknown(p.name)) ctx.addIssue({ code: 'custom', path: [i], message: `("${p.name}", ${p.in}) is also parameters[${first}]` });
    });
  });
}

/** The inputs an Action and a Trigger share, with the parameter shape of each. */
export function operationFields<P extends z.ZodType<{ name: string; in: string }>>(parameter: P) {
  return {
    ...versionAddressFields,
    /** Unique among the version's actions (or triggers). Changing it replaces the object. */
    name: input(z.string().regex(OPERATION_NAME_PATTERN, 'must match ^[a-zA-Z0-9_\\-$]+$ (letters, digits, "_", "-" and "$")'), { replace: true }),
    /** Only "http" exists, so there is no change of it to make (or to preview, while it is unknown). */
    type: input(z.literal('http').optional(), { notCompared: true }),
    /** Display name, e.g. "Get Product". */
    summary: input(z.string().optional(), { absentMeans: '' }),
    description: input(z.string().optional(), { absentMeans: '' }),
    method: input(HttpMethod),
    /** Order kept. */
    parameters: input(parameterList(parameter).optional(), { absentMeans: [] }),
    /** Absent: the request has no body. `definitions` names definitions of the version, one per media type. */
    requestBody: input(RequestBody.optional()),
    /** Order kept; at most one without `status` (the default response). */
    responses: input(Responses),
    /** Adopt the existing object of this name instead of creating one (what the `import` option sets). */
    adopt: adoptField,
  } satisfies Record<string, InputField>;
}

/** Kept secret whatever the inputs: the linked definitions copy what other resources (the Definitions) were given. */
export const SECRET_OUTPUTS = ['linkedDefinitions'] as const;

/** What each kind declares: its schema, diff specs, computed outputs (`idKey` holds its ULID) and check rules. */
export function declareOperation<K extends string, F extends Record<string, InputField>>(kind: 'Action' | 'Trigger', idKey: K, fields: F) {
  const schema = z.object(shapeOf(fields)).strict();
  const computed = operationComputedOf(idKey);
  const computedKeys = computed.keyof().options;
  const rules: InputRules = { kind, schema, computedKeys };
  return { kind, idKey, schema, specs: specsOf(fields), computed, computedKeys, rules };
}
