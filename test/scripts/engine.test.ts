import { strict as assert } from 'assert';
import * as path from 'path';
import { isolateEngineConnections, sdkClientOptions } from '../../scripts/engine';

// The grpc-js the Pulumi SDK itself loads: its connection pool is the one in question.
const grpc = require(
  require.resolve('@grpc/grpc-js', { paths: [path.dirname(require.resolve('@pulumi/pulumi/package.json'))] }),
) as typeof import('@grpc/grpc-js');
type ClientOptions = import('@grpc/grpc-js').ClientOptions;
type Status = import('@grpc/grpc-js').status;

// A one-method service standing in for the resource monitor: what matters is the channel, not the protocol.
const pingService = {
  ping: {
    path: '/versori.test.Ping/Ping',
    requestStream: false,
    responseStream: false,
    requestSerialize: (value: Buffer) => value,
    requestDeserialize: (value: Buffer) => value,
    responseSerialize: (value: Buffer) => value,
    responseDeserialize: (value: Buffer) => value,
  },
} satisfies import('@grpc/grpc-js').ServiceDefinition;
const PingClient = grpc.makeGenericClientConstructor(pingService, 'Ping');
type Ping = InstanceType<typeof PingClient> & { ping(request: Buffer, callback: (error: import('@grpc/grpc-js').ServiceError | null) => void): void };

function listen(port: number): Promise<{ server: import('@grpc/grpc-js').Server; port: number }> {
  const server = new grpc.Server();
  server.addService(pingService, { ping: (_call: unknown, callback: import('@grpc/grpc-js').sendUnaryData<Buffer>) => callback(null, Buffer.from('pong')) });
  return new Promise((resolve, reject) =>
    server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve({ server, port: bound }),
    ),
  );
}

function call(client: Ping): Promise<Status> {
  return new Promise((resolve) => client.ping(Buffer.from('ping'), (error) => resolve(error?.code ?? grpc.status.OK)));
}

/**
 * One run's monitor on a port, a call after it is gone (as the SDK's last calls of a run may be), then a later run's
 * monitor on the same port with a new client built with `options`. Resolves with that new client's first call.
 */
async function firstCallOfALaterRunOnTheSamePort(options: ClientOptions): Promise<Status> {
  const first = await listen(0);
  const earlier = new PingClient(`127.0.0.1:${first.port}`, grpc.credentials.createInsecure(), options) as Ping;
  const later: Ping[] = [];
  try {
    assert.equal(await call(earlier), grpc.status.OK);
    first.server.forceShutdown();
    assert.equal(await call(earlier), grpc.status.UNAVAILABLE, "the earlier run's monitor is gone");
    const second = await listen(first.port);
    try {
      later.push(new PingClient(`127.0.0.1:${first.port}`, grpc.credentials.createInsecure(), options) as Ping);
      return await call(later[0]);
    } finally {
      second.server.forceShutdown();
    }
  } finally {
    for (const client of [earlier, ...later]) client.close();
  }
}

describe('scripts/engine', () => {
  describe('isolateEngineConnections', () => {
    it('without it, a new client for a reused address inherits the dead connection and fails UNAVAILABLE', async () => {
      // The hazard the workaround exists for, with this grpc-js: if this starts passing, the workaround may be dropped.
      assert.equal(await firstCallOfALaterRunOnTheSamePort({}), grpc.status.UNAVAILABLE);
    });

    it("makes the SDK's resource monitor and engine clients reach a new server on a reused address", async () => {
      isolateEngineConnections();
      assert.equal(sdkClientOptions()['grpc.use_local_subchannel_pool'], 1);
      assert.equal(await firstCallOfALaterRunOnTheSamePort(sdkClientOptions() as ClientOptions), grpc.status.OK);
    });
  });
});
