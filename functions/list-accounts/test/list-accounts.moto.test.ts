import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { CreateBucketCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import { loadSettings, runContext } from '@credential-tracker/core/aws';
import {
  MANAGEMENT_ACCOUNT,
  createMotoOrganization,
  motoOverrides,
  type MotoOrganization,
  withMotoEnvironment,
  useMotoSuite,
} from '@credential-tracker/testing';
import { expect } from 'chai';
import { handler, listAccounts, listAccountsSettingsSchema } from '../src/handler.js';

const RUN = runContext('exec-moto', new Date('2026-11-23T06:00:00Z'));
const BUCKET = 'credential-tracker-reports';
const settingsFrom = (env: Record<string, string | undefined>) =>
  loadSettings(listAccountsSettingsSchema, { REPORT_BUCKET: BUCKET, ...env });

describe('list-accounts against moto', () => {
  const moto = useMotoSuite();
  let org: MotoOrganization;
  let clients: { sts: STSClient; organizations: OrganizationsClient };

  before(() => {
    const overrides = motoOverrides(moto.endpoint);
    clients = { sts: new STSClient(overrides), organizations: new OrganizationsClient(overrides) };
  });

  after(() => {
    clients.sts.destroy();
    clients.organizations.destroy();
  });

  describe('in an Organization', () => {
    beforeEach(async () => {
      // Prepare: prod > payments > {pay-1, pay-2}; sandbox > {sbx}; {loose} under the root
      org = await createMotoOrganization(moto.endpoint, {
        ous: { prod: undefined, payments: 'prod', sandbox: undefined },
        accounts: [
          { name: 'pay-1', ou: 'payments', users: ['alice'] },
          { name: 'pay-2', ou: 'payments', users: ['bob'] },
          { name: 'sbx', ou: 'sandbox', users: ['carol'] },
          { name: 'loose', users: ['dave'] },
        ],
      });
    });

    const ids = (...names: string[]) => names.map((name) => org.accountIds[name] as string).sort();

    it('lists every active account of the Organization, the management account included', async () => {
      // Act
      const result = await listAccounts(clients, settingsFrom({}), RUN);

      // Assess
      expect(result.run).to.deep.equal(RUN);
      expect(result.accounts).to.deep.equal(
        [...ids('pay-1', 'pay-2', 'sbx', 'loose'), MANAGEMENT_ACCOUNT].sort(),
      );
    });

    it('follows the parent chain of nested OUs, exclusion winning', async () => {
      // Act
      const settings = settingsFrom({
        INCLUDE_OUS: `${org.ouIds.prod},${org.ouIds.sandbox}`,
        EXCLUDE_ACCOUNTS: org.accountIds['pay-2'],
      });
      const result = await listAccounts(clients, settings, RUN);

      // Assess
      expect(result.accounts).to.deep.equal(ids('pay-1', 'sbx'));
    });

    it('excludes a whole OU subtree', async () => {
      // Act
      const settings = settingsFrom({ EXCLUDE_OUS: org.ouIds.prod });
      const result = await listAccounts(clients, settings, RUN);

      // Assess
      expect(result.accounts).to.deep.equal([...ids('sbx', 'loose'), MANAGEMENT_ACCOUNT].sort());
    });

    it('runs as a Lambda handler, writing the accounts file the accounts Map reads', async () => {
      // Prepare
      const s3 = new S3Client(motoOverrides(moto.endpoint));
      await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));

      // Act
      const result = await withMotoEnvironment(
        moto.endpoint,
        { ACCOUNT_SCOPE: 'single', REPORT_BUCKET: BUCKET },
        () => handler({ run_id: 'exec-handler', as_of: '2026-11-23T06:00:00.000Z' }),
      );

      // Assess: pointers and a count in the result, the ids in S3 as a JSON array
      const key = 'account-runs/date=2026-11-23/run=exec-handler/accounts.json';
      expect(result).to.deep.equal({
        run: { run_id: 'exec-handler', as_of: '2026-11-23T06:00:00.000Z', date: '2026-11-23' },
        accounts: { bucket: BUCKET, key, count: 1 },
        account_results: { bucket: BUCKET, prefix: 'account-runs/date=2026-11-23/run=exec-handler/results' },
      });
      const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
      expect(JSON.parse((await object.Body?.transformToString()) ?? '')).to.deep.equal([MANAGEMENT_ACCOUNT]);
      s3.destroy();
    });
  });
});
