// The process environment a Lambda handler reads, pointed at moto (the SDK reads AWS_ENDPOINT_URL).
import { MOTO_CREDENTIALS } from './moto-server.js';

/** What the SDK needs to reach the moto server at `endpoint` with its fake credentials. */
export function motoEnvironment(endpoint: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey,
  };
}

/** Sets these environment variables until the returned function restores what was there before. */
export function useEnvironment(variables: Readonly<Record<string, string>>): () => void {
  const saved = Object.fromEntries(Object.keys(variables).map((name) => [name, process.env[name]]));
  Object.assign(process.env, variables);
  return () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

/** Runs a handler with its environment pointed at moto plus `settings`, then restores it. */
export async function withMotoEnvironment<T>(
  endpoint: string,
  settings: Readonly<Record<string, string>>,
  run: () => Promise<T>,
): Promise<T> {
  const restore = useEnvironment({ ...motoEnvironment(endpoint), ...settings });
  try {
    return await run();
  } finally {
    restore();
  }
}
