// The mocha hooks every moto-backed suite needs, so a suite states only what it builds in moto.
import { motoClients } from './moto-athena.js';
import { motoEnvironment, useEnvironment } from './moto-environment.js';
import { startMotoServer, type MotoServer, type MotoServerOptions } from './moto-server.js';

export interface MotoSuite {
  /** http://127.0.0.1:<port> of the suite's server (available from the suite's first hook on). */
  readonly endpoint: string;
  /** Athena, S3 and SNS clients of the suite's server. */
  readonly clients: ReturnType<typeof motoClients>;
  /**
   * Points a handler's environment at moto (the SDK reads AWS_ENDPOINT_URL), with `settings` on top,
   * as a deployed Lambda finds AWS; undone after the current test.
   */
  handlerEnvironment(settings?: Readonly<Record<string, string>>): void;
}

/**
 * Registers the hooks of a suite that runs against moto: one server for the suite, reset before
 * every test so no test sees another's resources, and the environment restored after each test.
 * Call it at the top of a `describe` body.
 */
export function useMotoSuite(options: MotoServerOptions = {}): MotoSuite {
  let server: MotoServer | undefined;
  let clients: ReturnType<typeof motoClients> | undefined;
  const restores: (() => void)[] = [];
  const started = (): MotoServer => {
    if (server === undefined) throw new Error('the moto server of this suite is not started yet');
    return server;
  };

  before(async () => {
    server = await startMotoServer(options);
    clients = motoClients(server.endpoint);
  });
  beforeEach(async () => {
    await started().reset();
  });
  afterEach(() => {
    while (restores.length > 0) restores.pop()?.();
  });
  after(async () => {
    if (clients) for (const client of Object.values(clients)) client.destroy();
    await server?.stop();
  });

  return {
    get endpoint() {
      return started().endpoint;
    },
    get clients() {
      started();
      return clients as ReturnType<typeof motoClients>;
    },
    handlerEnvironment(settings = {}) {
      restores.push(useEnvironment({ ...motoEnvironment(started().endpoint), ...settings }));
    },
  };
}
