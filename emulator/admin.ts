// Routes under /_emulator/: not part of the Versori API, never faulted, never request-logged.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { API_BASE_PATH, fieldsOf } from '../api/schemas';
import { ApiError, validationError } from './errors';
import { FaultConfigSchema } from './faults';
import type { EmulatorState } from './state';

type RespondError = (request: FastifyRequest, reply: FastifyReply, error: ApiError) => FastifyReply;

const InUseBody = z.object({ connectorId: z.string().min(1), connectionId: z.string().min(1).optional(), inUse: z.boolean().optional() }).strict();
const FaultsBody = FaultConfigSchema.nullable();

function parseAdmin<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body);
  if (!result.success) throw validationError(fieldsOf(result.error));
  return result.data;
}

export function registerAdminRoutes(app: FastifyInstance, emulator: EmulatorState, respondError: RespondError): void {
  const guarded =
    (handler: (request: FastifyRequest, reply: FastifyReply) => unknown) => (request: FastifyRequest, reply: FastifyReply) => {
      try {
        return handler(request, reply);
      } catch (error) {
        if (error instanceof ApiError) return respondError(request, reply, error);
        throw error;
      }
    };

  app.get('/_emulator/info', guarded((_request, reply) => {
    const address = app.server.address();
    const port = address !== null && typeof address !== 'string' ? address.port : 0;
    return reply.send({
      organisationId: emulator.organisationId,
      basePath: API_BASE_PATH,
      port,
    });
  }));

  app.get('/_emulator/faults', guarded((_request, reply) => reply.send({ faults: emulator.faults.config })));

  app.put('/_emulator/faults', guarded((request, reply) => {
    emulator.faults.configure(parseAdmin(FaultsBody, request.body ?? null));
    return reply.send({ faults: emulator.faults.config });
  }));

  app.delete('/_emulator/faults', guarded((_request, reply) => {
    emulator.faults.configure(null);
    return reply.code(204).send();
  }));

  app.post('/_emulator/in-use', guarded((request, reply) => {
    const body = parseAdmin(InUseBody, request.body);
    const inUse = body.inUse ?? true;
    emulator.markInUse(body.connectorId, body.connectionId, inUse);
    return reply.send({ connectorId: body.connectorId, ...(body.connectionId !== undefined && { connectionId: body.connectionId }), inUse });
  }));

  app.get('/_emulator/store', guarded((_request, reply) => reply.send(emulator.store)));

  app.post('/_emulator/reset', guarded((_request, reply) => {
    emulator.reset();
    return reply.code(204).send();
  }));
}
