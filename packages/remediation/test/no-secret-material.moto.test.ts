// Item 7: whatever a remediation run writes where people read it (the action log, the owners' queued
// notices, the emails summarise-run sends from them, the Lambdas' logs) holds no secret access key,
// on success and on failure alike.
import { TagUserCommand } from '@aws-sdk/client-iam';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { rotatedKeyStore } from '@credential-tracker/core/aws';
import {
  createRemediationWorld,
  TRACKER_BUCKET,
  useMotoSuite,
  type RemediationWorld,
  type TargetRow,
  type WorldHandlerClients,
} from '@credential-tracker/testing';
import { createHandler as createSummariseRun } from '@credential-tracker/fn-summarise-run';
import { expect } from 'chai';
import { createRemediationHandler, type RemediationResult } from '../src/index.js';

// An AWS secret access key: 40 characters of base64, not part of a longer such run.
const SECRET_ACCESS_KEY_SHAPE = /(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;

describe('no secret material in action logs, notices, emails or Lambda logs', function () {
  this.timeout(60_000);
  const moto = useMotoSuite();
  let world: RemediationWorld;

  beforeEach(async () => {
    world = await createRemediationWorld(moto.endpoint);
  });
  afterEach(() => world.destroy());

  /** A user with a 100-day-old key and an email tag, so its digest is sent and scanned too. */
  const userWithOldKey = async (userName: string): Promise<TargetRow> => {
    const { row } = await world.userWithOldKey(userName);
    await world.iam.send(
      new TagUserCommand({ UserName: userName, Tags: [{ Key: 'email', Value: `${userName}@example.com` }] }),
    );
    return row;
  };

  it('scans every action log, notices file, email and log line of successful and failed rotations', async () => {
    // Prepare
    const alice = await userWithOldKey('alice');
    const bob = await userWithOldKey('bob');
    const lambdaLog: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = (chunk: string | Uint8Array) => {
      lambdaLog.push(String(chunk));
      return true;
    };

    // Act: bob's storing fails (his new key is deleted again), alice's rotation succeeds
    let results: RemediationResult[];
    try {
      const failed = await world.run(runOptions([bob], 'failing', true));
      const succeeded = await world.run(runOptions([alice], 'succeeding', false));
      results = [failed.result, succeeded.result];
      // summarise-run, the last step of each run, sends the digests from the queued notices.
      for (const { run } of [failed, succeeded]) {
        await world.summarise(run, createSummariseRun, (settings) =>
          moto.handlerEnvironment({ ...settings, POWERTOOLS_LOG_LEVEL: 'DEBUG' }),
        );
      }
    } finally {
      process.stdout.write = write;
    }

    // Assess: the runs did what the scan is about
    expect(results.map((result) => [result.counts.failed, result.counts.done])).to.deep.equal([
      [1, 0],
      [0, 1],
    ]);
    const secret = (
      await world.secrets.send(new GetSecretValueCommand({ SecretId: 'credential-tracker/alice' }))
    ).SecretString as string;
    const secretAccessKey = (JSON.parse(secret) as { SecretAccessKey: string }).SecretAccessKey;
    expect(
      secretAccessKey.match(SECRET_ACCESS_KEY_SHAPE),
      'the scan recognises a real secret key',
    ).to.deep.equal([secretAccessKey]);

    const texts: Record<string, string> = {};
    for (const prefix of ['actions/', 'notices/']) {
      const listed = await world.s3.send(
        new ListObjectsV2Command({ Bucket: TRACKER_BUCKET, Prefix: prefix }),
      );
      for (const object of listed.Contents ?? []) {
        const body = await world.s3.send(new GetObjectCommand({ Bucket: TRACKER_BUCKET, Key: object.Key }));
        texts[`s3://${TRACKER_BUCKET}/${object.Key}`] = (await body.Body?.transformToString()) ?? '';
      }
    }
    (await world.sentEmails()).forEach((email, index) => {
      texts[`email ${index + 1}`] = `${email.subject}\n${email.body}`;
    });
    texts['Lambda log'] = lambdaLog.join('');
    // Two action logs, two notices files (bob's failure and alice's rotation), two digests, the log.
    expect(Object.keys(texts)).to.have.length(7);
    expect(texts['Lambda log'], 'the logger wrote').to.include('remediation run done');
    expect(texts['Lambda log'], 'summarise-run wrote').to.include('run summarised');
    expect(
      Object.entries(texts).find(
        ([where]) => where.includes('/run=succeeding/') && where.includes('notices/'),
      )?.[1],
      "alice's notice names her secret",
    ).to.include('credential-tracker/alice');
    expect(texts['email 2'], "alice's digest names her secret").to.include('credential-tracker/alice');
    for (const [where, text] of Object.entries(texts)) {
      expect(
        text.match(SECRET_ACCESS_KEY_SHAPE) ?? [],
        `${where} holds a secret-key-shaped string`,
      ).to.deep.equal([]);
      expect(text.includes(secretAccessKey), `${where} holds alice's secret key`).to.equal(false);
    }
  });

  function runOptions(rows: readonly TargetRow[], name: string, failStoring: boolean) {
    return {
      createHandler: (clients: WorldHandlerClients) =>
        createRemediationHandler(
          'ak-rotation',
          {
            ...clients,
            memberClients: (defaults) => async (accountId: string) => {
              const made = await clients.memberClients(defaults)(accountId);
              if (failStoring) {
                made.rotatedKeys?.secrets.middlewareStack.add(
                  (next, context) => (args) =>
                    context.commandName === 'PutSecretValueCommand'
                      ? Promise.reject(new Error('AccessDeniedException: the KMS key is disabled'))
                      : next(args),
                  { step: 'initialize' },
                );
              }
              return made;
            },
          },
          { rotatedKeys: (config) => rotatedKeyStore(new SecretsManagerClient(config)) },
        ),
      finding: 'ak-rotation',
      days: 0,
      enforce: true,
      rows,
      name,
      // Powertools reads its level when the handler's logger is made: every line, at DEBUG.
      environment: (settings: Readonly<Record<string, string>>) =>
        moto.handlerEnvironment({ ...settings, POWERTOOLS_LOG_LEVEL: 'DEBUG' }),
    };
  }
});
