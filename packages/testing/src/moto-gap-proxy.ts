// An HTTP proxy on 127.0.0.1 in front of moto that answers the few calls the hashicorp/aws provider
// makes and moto does not implement, and forwards every other call unchanged. It exists only so that
// `tofu apply` can run against moto (scripts/test/terraform-provider.test.ts); nothing it answers is
// checked against anything, so it must never stand in for a call whose answer a test relies on.
//
// The calls it answers (moto 5.2.5 returns HTTP 500 "not yet implemented" for each):
// - Step Functions ValidateStateMachineDefinition, which the provider calls before CreateStateMachine
//   and UpdateStateMachine: answered OK when the definition is JSON, FAIL with one diagnostic when not
//   (the offline tests validate the definition itself with asl-validator and the local runs).
// - Step Functions ListStateMachineVersions, which the provider calls on every read of a state
//   machine: answered with no versions (the module never publishes one).
// - Athena DeleteNamedQuery, which `tofu destroy` calls for every named query: answered with success,
//   and the query stays in moto (a destroyed deployment's moto server is thrown away).
//
// It also hands moto one call at a time: moto's server is threaded and not every backend is
// thread-safe (with the provider's ten parallel operations, a DescribeLogGroups during other log groups'
// creation was answered HTTP 500), and the override files allow one attempt per call.
import { createServer } from 'node:http';
import { answer, forward, listenOnLoopback, loopbackTarget, readBody } from './loopback-proxy.js';

export interface GapAnswer {
  readonly status: number;
  readonly body: unknown;
}

/** The answer of one JSON-protocol call, from its request body (parsed JSON, {} when empty). */
export type GapHandler = (input: Record<string, unknown>) => GapAnswer;

function validateStateMachineDefinition(input: Record<string, unknown>): GapAnswer {
  try {
    JSON.parse(String(input.definition));
    return { status: 200, body: { result: 'OK', diagnostics: [] } };
  } catch (error) {
    return {
      status: 200,
      body: {
        result: 'FAIL',
        diagnostics: [
          { severity: 'ERROR', code: 'INVALID_JSON_DESCRIPTION', message: (error as Error).message },
        ],
      },
    };
  }
}

/** What the proxy answers itself, by X-Amz-Target. */
export const MOTO_GAP_ANSWERS: Readonly<Record<string, GapHandler>> = {
  'AWSStepFunctions.ValidateStateMachineDefinition': validateStateMachineDefinition,
  'AWSStepFunctions.ListStateMachineVersions': () => ({ status: 200, body: { stateMachineVersions: [] } }),
  'AmazonAthena.DeleteNamedQuery': () => ({ status: 200, body: {} }),
};

export interface MotoGapProxy {
  /** http://127.0.0.1:<port>, for the provider's endpoints. */
  readonly endpoint: string;
  /** How many times each gap was answered, by X-Amz-Target. */
  answered(): Readonly<Record<string, number>>;
  stop(): Promise<void>;
}

export class MotoGapProxyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MotoGapProxyError';
  }
}

/** Starts the proxy on a free 127.0.0.1 port in front of `target` (moto); stop it when the suite ends. */
export async function startMotoGapProxy(options: {
  readonly target: string;
  readonly answers?: Readonly<Record<string, GapHandler>>;
}): Promise<MotoGapProxy> {
  const target = loopbackTarget(options.target, (message) => new MotoGapProxyError(message));
  const answers = options.answers ?? MOTO_GAP_ANSWERS;
  const answered: Record<string, number> = {};
  // The calls moto is given, one after the other.
  let queue: Promise<void> = Promise.resolve();
  const oneAtATime = (call: () => Promise<void>): Promise<void> => {
    const next = queue.then(call, call);
    queue = next.catch(() => undefined);
    return next;
  };

  const server = createServer((request, response) => {
    void (async () => {
      const body = await readBody(request);
      const amzTarget = request.headers['x-amz-target'];
      const handler = typeof amzTarget === 'string' ? answers[amzTarget] : undefined;
      if (handler === undefined || typeof amzTarget !== 'string') {
        return oneAtATime(async () => answer(response, await forward(target, request, body)));
      }
      answered[amzTarget] = (answered[amzTarget] ?? 0) + 1;
      const input = body.length === 0 ? {} : (JSON.parse(body.toString('utf8')) as Record<string, unknown>);
      const reply = handler(input);
      const text = JSON.stringify(reply.body);
      response.writeHead(reply.status, {
        'content-type': 'application/x-amz-json-1.1',
        'content-length': String(Buffer.byteLength(text)),
        'x-amzn-requestid': `moto-gap-proxy-${Date.now()}`,
      });
      response.end(text);
    })().catch((error: unknown) => {
      response.writeHead(502, { 'content-type': 'text/plain' });
      response.end(`moto gap proxy: ${(error as Error).message}`);
    });
  });
  const listening = await listenOnLoopback(server);

  return {
    endpoint: listening.endpoint,
    answered: () => ({ ...answered }),
    stop: listening.stop,
  };
}
