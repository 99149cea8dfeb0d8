// Runs a handler with its environment pointed at moto (the SDK reads AWS_ENDPOINT_URL), then restores it.
import { MOTO_CREDENTIALS } from './moto-server.js';

export async function withMotoEnvironment<T>(
  endpoint: string,
  settings: Readonly<Record<string, string>>,
  run: () => Promise<T>,
): Promise<T> {
  const variables: Record<string, string> = {
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey,
    ...settings,
  };
  const saved = Object.fromEntries(Object.keys(variables).map((name) => [name, process.env[name]]));
  Object.assign(process.env, variables);
  try {
    return await run();
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}
