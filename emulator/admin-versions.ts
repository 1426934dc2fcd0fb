// The test-only hook for version subscriptions (other Versori products subscribe; this API cannot see them).
// Under /_emulator/ like the other admin routes: token needed, never faulted, never logged.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ApiError, notFound } from './errors';
import { parseWith } from './handlers/context';
import type { EmulatorState } from './state';
import { lookup, organisationOf } from './store';
import { findVersion } from './version-store';

type RespondError = (request: FastifyRequest, reply: FastifyReply, error: ApiError) => FastifyReply;

const SubscriptionsBody = z.object({ connectorId: z.string().min(1), version: z.string().min(1), count: z.number().int().nonnegative() }).strict();

export function registerVersionAdminRoutes(app: FastifyInstance, emulator: EmulatorState, respondError: RespondError): void {
  app.post('/_emulator/subscriptions', (request, reply) => {
    try {
      const body = parseWith(SubscriptionsBody, request.body);
      const connector = lookup(organisationOf(emulator.store, emulator.organisationId).connectors, body.connectorId);
      if (connector === undefined) throw notFound(`connector ${body.connectorId}`);
      findVersion(connector, body.version).subscriptions = body.count;
      emulator.changed();
      return reply.send(body);
    } catch (error) {
      if (error instanceof ApiError) return respondError(request, reply, error);
      throw error;
    }
  });
}
