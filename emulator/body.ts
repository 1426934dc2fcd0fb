// Request bodies: JSON text is measured before it is parsed, so a body nested deeper than the API allows never
// reaches a handler, the request log or the store.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { MAX_BODY_DEPTH } from '../api/schemas';
import { ApiError, validationError } from './errors';

/** Request bodies larger than this are answered 413. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * How deep arrays and objects nest in the JSON `text`, counted in one pass without parsing (brackets inside strings do
 * not count). Stops as soon as the depth passes `limit`, so any text is cheap to measure.
 */
export function jsonTextDepth(text: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') {
      inString = true;
    } else if (char === '[' || char === '{') {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (char === ']' || char === '}') {
      depth--;
    }
  }
  return deepest;
}

type JsonParser = (request: FastifyRequest, body: string, done: (error: Error | null, value?: unknown) => void) => void;

/**
 * Replaces the JSON parser: an empty body (e.g. a DELETE sent with a JSON content type) is no body, a body nested
 * deeper than MAX_BODY_DEPTH is a 400, and anything else goes to Fastify's own parser (which refuses `__proto__`).
 */
export function registerJsonBodyParser(app: FastifyInstance): void {
  const parseJson: JsonParser = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(null, undefined);
    } else if (jsonTextDepth(text, MAX_BODY_DEPTH) > MAX_BODY_DEPTH) {
      const message = `nests arrays and objects deeper than ${MAX_BODY_DEPTH} levels`;
      done(validationError([{ field: 'body', message }], `the request body ${message}`), undefined);
    } else {
      parseJson(request, text, done);
    }
  });
  // Any other content type: an empty body is no body (a bodyless POST such as publish, whatever its client labels it);
  // a non-empty one is refused as the API's only media type is JSON.
  app.addContentTypeParser('*', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text === '') done(null, undefined);
    else done(new ApiError(415, 'unsupported_media_type', `request bodies must be application/json, not ${request.headers['content-type'] ?? 'unlabelled'}`), undefined);
  });
}
