// An HTTP proxy on 127.0.0.1 between the real SDK clients and moto that fails a share of the calls
// the way AWS does under load: throttling and 5xx answers. It sits on the wire rather than in an SDK
// middleware so the SDK's own retry strategy, error parsing and clock handling are what is exercised.
import { createServer, type IncomingMessage } from 'node:http';
import { answer, forward, listenOnLoopback, loopbackTarget, readBody } from './loopback-proxy.js';
import { SeededRandom } from './seeded-random.js';

/**
 * - `throttle`: refused before it reaches moto, with the throttling error of the call's protocol.
 * - `server-error`: a 500 before it reaches moto: nothing happened.
 * - `lost-response`: moto carries the call out, and the client gets a 500 instead of the answer;
 *   a retried CreateAccessKey then makes a second key, which is what idempotent code must survive.
 */
export type FaultKind = 'throttle' | 'server-error' | 'lost-response';

export const FAULT_KINDS: readonly FaultKind[] = ['throttle', 'server-error', 'lost-response'];

export interface FaultProxyOptions {
  /** The moto endpoint the proxy forwards to: http://127.0.0.1:<port>. */
  readonly target: string;
  /** The share of calls that fail, from 0 to 1. */
  readonly rate: number;
  /** Which faults to draw from, equally likely (default: all). */
  readonly kinds?: readonly FaultKind[];
  /** The same seed fails the same calls of the same sequence. */
  readonly seed?: number;
}

export interface FaultProxyStats {
  readonly requests: number;
  readonly faults: Readonly<Record<FaultKind, number>>;
}

export interface FaultProxy {
  /** http://127.0.0.1:<port>, for every SDK client's `endpoint`. */
  readonly endpoint: string;
  /** How many calls went through and how many of them failed, by kind. */
  stats(): FaultProxyStats;
  /** Changes the share of failing calls from now on (0 lets every call through). */
  setRate(rate: number): void;
  stop(): Promise<void>;
}

export class FaultProxyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FaultProxyError';
  }
}

function checkedRate(rate: number): number {
  if (!(rate >= 0 && rate <= 1)) throw new FaultProxyError(`rate must be from 0 to 1, not ${rate}`);
  return rate;
}

interface ErrorAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/**
 * The throttling answer in the protocol of the call, so the SDK parses it into the error AWS would
 * send: JSON protocols name the target in X-Amz-Target, the query protocol (IAM, STS, SNS, SES) posts
 * a form, S3's REST-XML uses neither.
 */
function throttlingAnswer(request: IncomingMessage): ErrorAnswer {
  const requestId = `fault-proxy-${Date.now()}`;
  if (request.headers['x-amz-target'] !== undefined) {
    return {
      status: 400,
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amzn-errortype': 'ThrottlingException',
        'x-amzn-requestid': requestId,
      },
      body: JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }),
    };
  }
  if (String(request.headers['content-type']).startsWith('application/x-www-form-urlencoded')) {
    return {
      status: 400,
      headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
      body: `<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
    };
  }
  return {
    status: 503,
    headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId },
    body: `<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message><RequestId>${requestId}</RequestId></Error>`,
  };
}

const SERVER_ERROR: ErrorAnswer = { status: 500, headers: { 'content-type': 'text/plain' }, body: '' };

/** Starts the proxy on a free 127.0.0.1 port; stop it when the suite ends. */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = loopbackTarget(options.target, (message) => new FaultProxyError(message));
  const kinds = options.kinds ?? FAULT_KINDS;
  if (kinds.length === 0) throw new FaultProxyError('kinds: name at least one fault');
  let rate = checkedRate(options.rate);
  const random = new SeededRandom(options.seed ?? 1);
  let requests = 0;
  const faults: Record<FaultKind, number> = { throttle: 0, 'server-error': 0, 'lost-response': 0 };

  const server = createServer((request, response) => {
    void (async () => {
      requests++;
      const body = await readBody(request);
      const fault = random.next() < rate ? random.pick(kinds) : undefined;
      if (fault !== undefined) faults[fault]++;
      if (fault === 'throttle') return answer(response, throttlingAnswer(request));
      if (fault === 'server-error') return answer(response, SERVER_ERROR);
      const forwarded = await forward(target, request, body);
      answer(response, fault === 'lost-response' ? SERVER_ERROR : forwarded);
    })().catch((error: unknown) => {
      answer(response, { status: 502, headers: {}, body: `fault proxy: ${(error as Error).message}` });
    });
  });
  const listening = await listenOnLoopback(server);

  return {
    endpoint: listening.endpoint,
    stats: () => ({ requests, faults: { ...faults } }),
    setRate: (next) => {
      rate = checkedRate(next);
    },
    stop: listening.stop,
  };
}
