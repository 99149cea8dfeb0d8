import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/** The project's virtualenv, made by scripts/setup-test-tools from requirements-dev.txt. */
const MOTO_SERVER = fileURLToPath(new URL('../../../.venv/bin/moto_server', import.meta.url));
const HOST = '127.0.0.1';

export class MotoServerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MotoServerError';
  }
}

export interface MotoServer {
  /** http://127.0.0.1:<port>, for every SDK client's `endpoint`. */
  readonly endpoint: string;
  /** Forgets every resource in every account: a clean slate between tests. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** Fake static credentials: moto accepts any, and real ones must never be picked up by a test. */
export const MOTO_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' } as const;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new MotoServerError('no free loopback port')),
      );
    });
  });
}

async function waitUntilServing(endpoint: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new MotoServerError(`moto_server exited with ${child.exitCode}:\n${output()}`);
    }
    try {
      const response = await fetch(`${endpoint}/moto-api/`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new MotoServerError(`moto_server did not answer on ${endpoint} within 30 s:\n${output()}`);
}

export interface MotoServerOptions {
  /**
   * IAM knows the AWS managed policies (arn:aws:iam::aws:policy/AdministratorAccess...) in every
   * account. Off by default: loading them slows every account moto creates.
   */
  readonly awsManagedPolicies?: boolean;
}

/** Starts moto's server on a free loopback port; stop() it in an after() hook. */
export async function startMotoServer(options: MotoServerOptions = {}): Promise<MotoServer> {
  if (!existsSync(MOTO_SERVER)) {
    throw new MotoServerError(
      `${MOTO_SERVER} is missing: run \`bash scripts/setup-test-tools\` (npm test does) to create the project's .venv`,
    );
  }
  const port = await freePort();
  const endpoint = `http://${HOST}:${port}`;
  const child = spawn(MOTO_SERVER, ['-H', HOST, '-p', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      ...(options.awsManagedPolicies ? { MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' } : {}),
    },
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  try {
    await waitUntilServing(endpoint, child, () => output);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }

  return {
    endpoint,
    async reset() {
      const response = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
      if (!response.ok) throw new MotoServerError(`moto reset failed: HTTP ${response.status}`);
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
