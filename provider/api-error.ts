// Failures of Versori API calls, as one error type whose message says what failed and what to do.
import type { ApiErrorField } from '../api/schemas';
import type { DefinitionReference } from '../api/versions';

/** What kind of object a request is about, and which one: used to build sentences like `Connection "prod"`. */
export type Subject = string;

interface ApiErrorInit {
  readonly status: number | undefined;
  readonly code: string;
  readonly apiMessage: string;
  readonly fields?: readonly ApiErrorField[];
  readonly operation: string;
  readonly subject: Subject;
  readonly method: string;
  readonly attempts: number;
  /** A 412 on deleting a definition: who still refers to it. */
  readonly referencedBy?: readonly DefinitionReference[];
  /** Replaces the sentence built from the rest. */
  readonly message?: string;
}

export class VersoriApiError extends Error {
  override readonly name = 'VersoriApiError';
  /** HTTP status, or undefined when no response arrived (network error, timeout). */
  readonly status: number | undefined;
  /** API error code, `network_error`, or `invalid_response` when the response broke the contract. */
  readonly code: string;
  readonly apiMessage: string;
  readonly fields: readonly ApiErrorField[];
  /** The API operation, e.g. `CreateConnectorConnection`. */
  readonly operation: string;
  readonly subject: Subject;
  readonly method: string;
  /** Attempts made, retries included. */
  readonly attempts: number;
  /** A 412 on deleting a definition: who still refers to it (empty otherwise). */
  readonly referencedBy: readonly DefinitionReference[];

  constructor(init: ApiErrorInit) {
    super(init.message ?? describeFailure(init));
    this.status = init.status;
    this.code = init.code;
    this.apiMessage = init.apiMessage;
    this.fields = init.fields ?? [];
    this.operation = init.operation;
    this.subject = init.subject;
    this.method = init.method;
    this.attempts = init.attempts;
    this.referencedBy = init.referencedBy ?? [];
  }

  /** True when the request may or may not have taken effect (no response, or a server-side failure). */
  get ambiguous(): boolean {
    return this.status === undefined || this.status >= 500;
  }

  get notFound(): boolean {
    return this.status === 404;
  }
}

function attemptsSuffix(attempts: number): string {
  return attempts > 1 ? `, after ${attempts} attempts` : '';
}

function describeFailure(e: ApiErrorInit): string {
  const fields = e.fields ?? [];
  const referrers = (e.referencedBy ?? []).map((r) => `${r.type} "${r.name}"`);
  const detail =
    (fields.length > 0 ? fields.map((f) => `${f.field}: ${f.message}`).join('; ') : e.apiMessage) +
    (referrers.length > 0 ? `; still referenced by ${referrers.join(', ')}` : '');
  const tail = attemptsSuffix(e.attempts);
  if (e.status === undefined) {
    return `Could not reach Versori for ${e.operation} of ${e.subject}: ${detail}${tail}`;
  }
  if (e.code === 'invalid_response') {
    return `Versori answered ${e.operation} of ${e.subject} with a response the API contract does not allow: ${detail} (${e.status})`;
  }
  switch (e.status) {
    case 400:
    case 422:
      return `Versori rejected ${e.subject}: ${detail} (${e.status})`;
    case 401:
      return `Versori did not accept the token for ${e.operation} of ${e.subject}: ${detail} (401). Set a valid API key with \`pulumi config set --secret versori:token\` or VERSORI_TOKEN.`;
    case 403:
      return `The token is not allowed to perform ${e.operation} on ${e.subject}: ${detail} (403). Check the API key's permissions and versori:organisationId.`;
    case 404:
      return `${e.subject} was not found (${e.operation}): ${detail} (404). Check versori:organisationId and the id.`;
    case 409:
    case 412:
      return `Versori refused ${e.operation} of ${e.subject}: ${detail} (${e.status})`;
    case 429:
      return `Versori kept rate-limiting ${e.operation} of ${e.subject}: ${detail} (429${tail}). Try again later.`;
    default:
      return `Versori failed ${e.operation} of ${e.subject}: ${detail} (${e.status}${tail})`;
  }
}
