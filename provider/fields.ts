// Input field schemas shared by the resource modules.
import { z } from 'zod';
import { ConnectionVariable, Ulid } from '../api/schemas';
import { isLoopbackHost } from './config';
import { uniqueNames } from './validation';

export const NonEmptyString = z.string().trim().min(1, 'must not be empty');

export { Ulid };

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/** An http(s) URL. */
export const WebUrl = z.string().refine((value) => {
  const url = parseUrl(value);
  return url !== undefined && (url.protocol === 'https:' || url.protocol === 'http:');
}, 'must be an http(s) URL');

/** An https URL; plain http only for loopback addresses. */
export const SecureUrl = z.string().superRefine((value, ctx) => {
  const url = parseUrl(value);
  if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    ctx.addIssue({ code: 'custom', message: 'must be an https URL' });
  } else if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    ctx.addIssue({ code: 'custom', message: 'must use https (plain http is only allowed for loopback addresses)' });
  }
});

export const Variables = z.array(ConnectionVariable.strict()).superRefine((items, ctx) => uniqueNames(items, ctx, 'variable'));
