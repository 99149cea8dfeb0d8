import type { AwsCredentialIdentity } from '@aws-sdk/types';

/**
 * What tests (moto) and the benchmark change in the SDK clients a function builds itself (an account's
 * IAM client): the endpoint, region and static credentials. In Lambda it is empty: the SDK's defaults
 * apply, and AWS_ENDPOINT_URL still redirects every client.
 */
export interface ClientOverrides {
  readonly endpoint?: string;
  readonly region?: string;
  readonly credentials?: AwsCredentialIdentity;
  /** The SDK's attempts per call (3 by default): the fault-injection tests raise it. */
  readonly maxAttempts?: number;
}

export interface ClientConfig {
  endpoint?: string;
  region?: string;
  credentials?: AwsCredentialIdentity;
  maxAttempts?: number;
}

/**
 * The config for an SDK client: `credentials` (a member role's) take precedence over the overrides'
 * static credentials, so a client in a member account never falls back to the tracker's own role.
 */
export function clientConfig(
  overrides: ClientOverrides = {},
  credentials?: AwsCredentialIdentity,
): ClientConfig {
  const chosen = credentials ?? overrides.credentials;
  return {
    ...(overrides.endpoint ? { endpoint: overrides.endpoint } : {}),
    ...(overrides.region ? { region: overrides.region } : {}),
    ...(chosen ? { credentials: chosen } : {}),
    ...(overrides.maxAttempts ? { maxAttempts: overrides.maxAttempts } : {}),
  };
}
