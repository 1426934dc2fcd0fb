import type { ApiErrorBody, ApiErrorField } from '../api/schemas';

/** A failure that the emulator answers with a non-2xx status and an `Error` body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: ApiErrorField[],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  get body(): ApiErrorBody {
    return this.fields === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, fields: this.fields };
  }
}

export function validationError(fields: ApiErrorField[], message = 'the request is invalid'): ApiError {
  return new ApiError(400, 'invalid_argument', message, fields.map((f) => ({ ...f, field: f.field === '' ? 'body' : f.field })));
}

export function invalidField(field: string, message: string): ApiError {
  return validationError([{ field, message }]);
}

export function notFound(what: string): ApiError {
  return new ApiError(404, 'not_found', `${what} not found`);
}

export function conflict(message: string): ApiError {
  return new ApiError(409, 'conflict', message);
}

export const STATUS_CODES: Record<number, string> = {
  400: 'invalid_argument',
  401: 'unauthenticated',
  403: 'permission_denied',
  404: 'not_found',
  405: 'method_not_allowed',
  408: 'request_timeout',
  409: 'conflict',
  412: 'failed_precondition',
  413: 'payload_too_large',
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  431: 'headers_too_large',
  500: 'internal',
  502: 'bad_gateway',
  503: 'unavailable',
  504: 'gateway_timeout',
};

export function codeForStatus(status: number): string {
  return STATUS_CODES[status] ?? (status >= 500 ? 'internal' : 'error');
}
