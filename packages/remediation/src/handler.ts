import { Logger } from '@aws-lambda-powertools/logger';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { STSClient } from '@aws-sdk/client-sts';
import { ConfigError, loadConfigFromEnv, type RemediationId } from '@credential-tracker/core';
import {
  accountIdSchema,
  loadSettings,
  memberRemediationClients,
  memberRoleOf,
  memberRoleSettingsShape,
  runContextSchema,
  type MemberClientFactory,
  type RemediationClientOptions,
  type RemediationClients,
} from '@credential-tracker/core/aws';
import * as z from '@credential-tracker/core/zod';
import { remediate, remediationFunctionName, type RemediationResult } from './remediate.js';

/**
 * The actions earlier remediations of the run counted against the blast-radius limits, as the previous
 * result's `actions_in_run` says. by_account lists only accounts with actions (keeps the payload small),
 * and the run's total cannot be less than what its accounts add up to.
 */
export const actionCountsSchema = z
  .strictObject({
    run: z.number().check(z.int(), z.gte(0)),
    by_account: z.record(accountIdSchema, z.number().check(z.int(), z.gte(1))),
  })
  .check(
    z.refine(
      (counts) => Object.values(counts.by_account).reduce((sum, count) => sum + count, 0) <= counts.run,
      { message: 'run must be at least the sum of by_account', path: ['run'] },
    ),
  );

/**
 * What the state machine's RemediateFindings state sends: the run, the pointer to the targets and the
 * actions taken so far in the run (absent: none, the first remediation of the run).
 */
export const remediationEventSchema = (remediation: RemediationId) =>
  z.strictObject({
    run: runContextSchema,
    // The finding that has this remediation: a state machine wired to the wrong function fails here.
    finding: z.literal(remediation),
    targets: z.strictObject({
      bucket: z.string().check(z.minLength(3)),
      key: z.string().check(z.minLength(1)),
    }),
    actions_earlier_in_run: z._default(actionCountsSchema, { run: 0, by_account: {} }),
  });

const optionalText = z.pipe(
  z.optional(z.string()),
  z.transform((text: string | undefined) => (text?.trim() ? text.trim() : undefined)),
);

export const remediationSettingsSchema = z.object({
  ...memberRoleSettingsShape,
  REPORT_BUCKET: z.string().check(z.minLength(3)),
  SUMMARY_TOPIC_ARN: z.string().check(z.startsWith('arn:')),
  /** ak-rotation only: the KMS key (ARN, or an alias name resolved in each member account) of the secrets. */
  SECRET_KMS_KEY_ID: optionalText,
});

export interface RemediationHandlerClients {
  readonly s3?: S3Client;
  readonly sns?: SNSClient;
  readonly sts?: STSClient;
  /** Tests wrap the member clients (moto endpoint, injected faults); by default the member role's. */
  readonly memberClients?: (
    defaults: MemberClientFactory<RemediationClients>,
  ) => MemberClientFactory<RemediationClients>;
}

/**
 * The Lambda entry of one remediation function: parse, load settings and config, run, log counts.
 * The logger gets counts and the log's key only: decisions, ids and secrets stay out of CloudWatch.
 */
export function createRemediationHandler(
  remediation: RemediationId,
  clients: RemediationHandlerClients = {},
  memberOptions: RemediationClientOptions = {},
) {
  // A wiring mistake of the function itself, caught when its module loads rather than at a rotation.
  if (remediation === 'ak-rotation' && !memberOptions.rotatedKeys) {
    throw new Error('the ak-rotation handler must be given the store of rotated keys (rotatedKeys)');
  }
  const s3 = clients.s3 ?? new S3Client({});
  const sns = clients.sns ?? new SNSClient({});
  const sts = clients.sts ?? new STSClient({});
  const logger = new Logger({
    serviceName: 'credential-tracker',
    persistentKeys: { step: remediationFunctionName(remediation) },
  });
  const schema = remediationEventSchema(remediation);
  return async (event: unknown): Promise<RemediationResult> => {
    const { run, targets, actions_earlier_in_run: actionsEarlierInRun } = schema.parse(event);
    const settings = loadSettings(remediationSettingsSchema);
    if (remediation === 'ak-rotation' && !settings.SECRET_KMS_KEY_ID) {
      throw new ConfigError('environment', [
        'SECRET_KMS_KEY_ID: ak-rotation stores new keys in Secrets Manager and needs the KMS key that encrypts them',
      ]);
    }
    const config = loadConfigFromEnv();
    const defaults = memberRemediationClients(sts, memberRoleOf(settings), memberOptions);
    const result = await remediate(
      { s3, sns, memberClients: clients.memberClients ? clients.memberClients(defaults) : defaults },
      {
        run,
        remediation,
        targets,
        actionsEarlierInRun,
        config,
        bucket: settings.REPORT_BUCKET,
        topicArn: settings.SUMMARY_TOPIC_ARN,
        ...(settings.SECRET_KMS_KEY_ID ? { secretKmsKeyId: settings.SECRET_KMS_KEY_ID } : {}),
      },
    );
    logger.info('remediation run done', {
      run_id: run.run_id,
      enforce: result.enforce,
      targets: result.targets,
      counts: result.counts,
      action_log: result.action_log.key,
      notices: result.notices.count,
      alert_ops: result.alert_ops,
      actions_in_run: result.actions_in_run.run,
    });
    return result;
  };
}
