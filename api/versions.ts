// Wire schemas of connector versions and what lives in them (actions, triggers, definitions), plus connector
// categories: docs/versori-connect-api-versions.md. Shared by the emulator (requests) and the provider (responses).
import { z } from 'zod';
import { ConnectorVersion, Timestamp, Ulid } from './schemas';

export { ConnectorVersion };

export const RESERVED_VERSION_NAMES = ['latest', 'default'] as const;

export const VersionName = z
  .string()
  .min(1, 'must not be empty')
  .refine((n) => !n.includes('/'), 'must not contain "/"')
  .refine((n) => !(RESERVED_VERSION_NAMES as readonly string[]).includes(n), 'the names "latest" and "default" are reserved');

export const ConnectorVersionCreate = z.object({ name: VersionName, fromVersion: z.string().optional() });
export type ConnectorVersionCreate = z.infer<typeof ConnectorVersionCreate>;

/** The whole version as read; `updatedAt` and `messages` are ignored by the server. */
export const ConnectorVersionUpdate = ConnectorVersion.extend({ updatedAt: Timestamp.optional() });
export type ConnectorVersionUpdate = z.infer<typeof ConnectorVersionUpdate>;

const pageInfo = {
  totalCount: z.number().int().nonnegative(),
  next: z.string().optional(),
  prev: z.string().optional(),
};

export const ConnectorVersionsPage = z.object({ ...pageInfo, items: z.array(ConnectorVersion) });
export type ConnectorVersionsPage = z.infer<typeof ConnectorVersionsPage>;
export const PublishConnectorResponse = z.object({ version: ConnectorVersion });
export type PublishConnectorResponse = z.infer<typeof PublishConnectorResponse>;

// ---------- Definitions ----------

export const DEFINITION_NAME_PATTERN = /^[a-zA-Z0-9_-]+$/;
export const OPERATION_NAME_PATTERN = /^[a-zA-Z0-9_\-$]+$/;
const MEDIA_TYPE_PATTERN = /^[^\s/;]+\/[^\s/;]+$/;

export const DefinitionReference = z.object({ type: z.enum(['definition', 'action', 'trigger']), id: Ulid, name: z.string() });
export type DefinitionReference = z.infer<typeof DefinitionReference>;

const Accept = z.array(z.string().regex(MEDIA_TYPE_PATTERN, 'must be a media type (type/subtype)')).min(1, 'must list at least one media type');
const DefinitionName = z.string().regex(DEFINITION_NAME_PATTERN, 'must match ^[a-zA-Z0-9_-]+$');

export const Definition = z.object({
  id: Ulid,
  name: z.string(),
  accept: z.array(z.string()),
  description: z.string().optional(),
  url: z.string().url(),
  referencedBy: z.array(DefinitionReference).optional(),
});
export type Definition = z.infer<typeof Definition>;

export const InlineSchema = z.object({ contentType: z.string().min(1, 'must not be empty'), content: z.string() });
export type InlineSchema = z.infer<typeof InlineSchema>;

export const DefinitionCreate = z.object({ name: DefinitionName, accept: Accept, description: z.string().optional(), schema: InlineSchema });
export type DefinitionCreate = z.infer<typeof DefinitionCreate>;
export const DefinitionsCreate = z.object({ definitions: z.array(DefinitionCreate).min(1, 'must hold at least one definition') });
export type DefinitionsCreate = z.infer<typeof DefinitionsCreate>;
export const Definitions = z.object({ definitions: z.array(Definition) });
export const DefinitionUpdate = z.object({
  id: Ulid,
  name: DefinitionName,
  accept: Accept,
  description: z.string().optional(),
  schema: InlineSchema.optional(),
});
export type DefinitionUpdate = z.infer<typeof DefinitionUpdate>;
export const DefinitionsDelete = z
  .object({ ids: z.array(Ulid).optional(), names: z.array(z.string()).optional(), all: z.boolean().optional() })
  .refine((d) => d.ids !== undefined || d.names !== undefined || d.all !== undefined, 'must have at least one property');
export type DefinitionsDelete = z.infer<typeof DefinitionsDelete>;
export const DefinitionDeletePreconditionFailed = z.object({
  code: z.string(),
  message: z.string(),
  definition: z.object({ id: Ulid, name: z.string(), referencedBy: z.array(DefinitionReference) }),
});
export const DefinitionPage = z.object({ ...pageInfo, definitions: z.array(Definition) });
export type DefinitionPage = z.infer<typeof DefinitionPage>;

// ---------- Actions and triggers ----------

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'CONNECT', 'TRACE'] as const;
export const HttpMethod = z.enum(HTTP_METHODS);

const OperationName = z.string().regex(OPERATION_NAME_PATTERN, 'must match ^[a-zA-Z0-9_\\-$]+$');
const parameterFields = {
  name: z.string().min(1, 'must not be empty'),
  required: z.boolean(),
  type: z.enum(['string', 'number', 'integer', 'boolean']),
  default: z.unknown().optional(),
};
export const ActionHTTPParameter = z.object({
  ...parameterFields,
  in: z.enum(['cookie', 'header', 'path', 'query']),
  completion: z.strictObject({}).optional(),
});
export type ActionHTTPParameter = z.infer<typeof ActionHTTPParameter>;
export const TriggerHTTPParameter = z.object({ ...parameterFields, in: z.enum(['cookie', 'header', 'query']) });

export const OperationError = z.object({ field: z.string(), message: z.string(), severity: z.enum(['error', 'warning']) });
export type OperationError = z.infer<typeof OperationError>;

export const LinkedDefinition = z.object({ id: Ulid, definition: Definition });
export type LinkedDefinition = z.infer<typeof LinkedDefinition>;
const Status = z.number().int().min(100, 'must be 100 to 599').max(599, 'must be 100 to 599');
const HttpResponse = z.object({ id: Ulid, status: Status.optional(), definitions: z.array(LinkedDefinition) });
const RequestBody = z.object({ required: z.boolean(), definitions: z.array(LinkedDefinition) });

const operationFields = {
  id: Ulid,
  type: z.literal('http'),
  name: OperationName,
  summary: z.string().optional(),
  description: z.string().optional(),
  errors: z.array(OperationError).optional(),
  method: HttpMethod,
  requestBody: RequestBody.optional(),
  responses: z.array(HttpResponse),
};
/** The response shape, also the body of UpdateAction (whole object). */
export const Action = z.object({ ...operationFields, path: z.string(), parameters: z.array(ActionHTTPParameter) });
export type Action = z.infer<typeof Action>;
export const Trigger = z.object({ ...operationFields, parameters: z.array(TriggerHTTPParameter) });
export type Trigger = z.infer<typeof Trigger>;

/** `{ id }` or `{ name }`, exactly one of them. */
export const DefinitionRef = z
  .object({ id: Ulid.optional(), name: z.string().optional() })
  .refine((r) => (r.id === undefined) !== (r.name === undefined), 'must carry exactly one of id and name');
export type DefinitionRef = z.infer<typeof DefinitionRef>;
const LinkCreate = z.object({ definition: DefinitionRef });
const createFields = {
  type: z.literal('http'),
  name: OperationName,
  summary: z.string().optional(),
  description: z.string().optional(),
  method: HttpMethod,
  requestBody: z.object({ required: z.boolean(), definitions: z.array(LinkCreate) }).optional(),
  // `id` is required by the published schema but declares no type: any value, ignored.
  responses: z.array(
    z.object({ id: z.unknown().refine((v) => v !== undefined, 'is required (any value)'), status: Status.optional(), definitions: z.array(LinkCreate) }),
  ),
};
export const ActionCreate = z.object({ ...createFields, path: z.string(), parameters: z.array(ActionHTTPParameter) });
export type ActionCreate = z.infer<typeof ActionCreate>;
export const TriggerCreate = z.object({ ...createFields, parameters: z.array(TriggerHTTPParameter) });
export type TriggerCreate = z.infer<typeof TriggerCreate>;

export const ActionPage = z.object({ ...pageInfo, actions: z.array(Action) });
export type ActionPage = z.infer<typeof ActionPage>;
export const TriggerPage = z.object({ ...pageInfo, triggers: z.array(Trigger) });
export type TriggerPage = z.infer<typeof TriggerPage>;

// ---------- Connector metadata ----------

export const CATEGORIES = [
  'Development & IT',
  'ERP',
  'Supply Chain & Logistics',
  'Communication',
  'Accounting',
  'Hospitality',
  'Productivity',
  'HR',
  'CRM',
  'AI/LLMs',
  'eCommerce',
  'Business Operations',
] as const;
export const Category = z.enum(CATEGORIES);
export type Category = z.infer<typeof Category>;
export const ConnectorCategoriesUpdate = z.object({ categories: z.array(Category).optional() });
