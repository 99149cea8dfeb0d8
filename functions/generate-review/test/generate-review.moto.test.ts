// Issue 6, item 3: the access review per account on its own schedule, against moto. Two accounts'
// inventory, credential reports and the day's runs in S3; an Organization for the owners' addresses.
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SESClient, VerifyEmailIdentityCommand } from '@aws-sdk/client-ses';
import { reviewKey } from '@credential-tracker/core/aws';
import { createMotoOrganization, motoOverrides, useMotoSuite } from '@credential-tracker/testing';
import { expect } from 'chai';
import Papa from 'papaparse';
import { createHandler, GenerateReviewError, type GenerateReviewResult } from '../src/handler.js';
import {
  BUCKET,
  group,
  KMS_KEY_ARN,
  NOTIFY_FROM,
  putInventory,
  putRawInventoryFile,
  putReport,
  putRun,
  reportRow,
  sentRawEmails,
  snapshot,
  user,
} from './support/bucket.js';

const DATE = '2026-11-23';
const NOW = new Date('2026-11-25T06:00:00Z');
const PAYMENTS_CONTACT = 'payments-owner@example.com';

describe('generate-review against moto', function () {
  this.timeout(60_000);
  const moto = useMotoSuite();
  let s3: S3Client;
  let ses: SESClient;
  let organizations: OrganizationsClient;
  let payments: string;
  let data: string;

  beforeEach(async () => {
    const overrides = motoOverrides(moto.endpoint);
    s3 = new S3Client(overrides);
    ses = new SESClient(overrides);
    organizations = new OrganizationsClient(overrides);
    const org = await createMotoOrganization(moto.endpoint, {
      ous: {},
      accounts: [
        { name: 'payments', users: ['bystander'] },
        { name: 'data', users: ['bystander'] },
      ],
    });
    payments = org.accountIds.payments as string;
    data = org.accountIds.data as string;
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await ses.send(new VerifyEmailIdentityCommand({ EmailAddress: NOTIFY_FROM }));

    // payments: alice, admin through the admins group, with an old key (an ak-rotation finding);
    // bob, flagged for removal by the owner. data: carol, who has no credential report row.
    await putInventory(
      s3,
      snapshot(
        payments,
        DATE,
        [
          user(payments, 'alice', {
            groups: ['admins'],
            access_keys: [
              {
                access_key_id: 'AKIAALICE0000000001',
                status: 'Active',
                created_at: '2025-06-01T00:00:00.000Z',
              },
            ],
          }),
          user(payments, 'bob', {
            review: 'revoke',
            tags: [{ key: 'credential-tracker:review', value: 'revoke' }],
          }),
        ],
        [
          group(payments, 'admins', {
            members: ['alice'],
            attached_policies: ['AdministratorAccess'],
            admin_equivalent: true,
            admin_sources: ['managed:AdministratorAccess'],
          }),
        ],
      ),
    );
    await putInventory(s3, snapshot(data, DATE, [user(data, 'carol')]));
    // An older day with a third account: only the newest date is reviewed.
    await putInventory(s3, snapshot('999999999999', '2026-11-20', [user('999999999999', 'old')]));
    await putReport(s3, DATE, payments, [
      reportRow(payments, 'alice', {
        access_key_1_active: true,
        access_key_1_last_rotated: new Date('2025-06-01T00:00:00Z'),
      }),
      reportRow(payments, 'bob', { password_enabled: true }),
    ]);
    await putReport(s3, DATE, data, [reportRow(data, 'dave')]);
    // The day's finished run, then a later one still going (no summary): its targets are not used.
    await putRun(
      s3,
      { date: DATE, run_id: 'daily-1', as_of: `${DATE}T00:15:00.000Z` },
      {
        'ak-rotation': [{ account_id: payments, user_name: 'alice', credential: 'access_key_1', days: 540 }],
        'console-mfa': [],
      },
    );
    await putRun(
      s3,
      { date: DATE, run_id: 'manual-2', as_of: `${DATE}T09:00:00.000Z`, finished: false },
      {
        'cred-usage': [{ account_id: payments, user_name: 'bob', credential: 'password', days: 400 }],
      },
    );
  });

  afterEach(() => {
    for (const client of [s3, ses, organizations]) client.destroy();
  });

  const handler = () => createHandler({ s3, ses, organizations, now: () => NOW });

  const invoke = async (
    event: unknown,
    settings: Record<string, string> = {},
  ): Promise<GenerateReviewResult> => {
    moto.handlerEnvironment({
      REPORT_BUCKET: BUCKET,
      REPORT_KMS_KEY_ARN: KMS_KEY_ARN,
      NOTIFY_FROM,
      ACCOUNT_SCOPE: 'organization',
      REVIEW_CONTACTS_BY_ACCOUNT: `${payments}=${PAYMENTS_CONTACT}`,
      ...settings,
    });
    return handler()(event);
  };

  const read = async (key: string) => {
    const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    return (await object.Body?.transformToString('utf8')) ?? '';
  };

  const csvRows = async (key: string) =>
    Papa.parse<Record<string, string>>(await read(key), { header: true, skipEmptyLines: true });

  it('writes both accounts’ reviews and emails each owner: the configured contact, the Organizations address', async () => {
    // Act
    const result = await invoke({});

    // Assess: the newest date, the finished run, both accounts
    expect(result).to.deep.include({
      date: DATE,
      run_id: 'daily-1',
      findings: 'included',
      accounts: 2,
      reviewed: 2,
      emailed: 2,
      failed: [],
    });
    expect(result.reviews.map((review) => [review.account_id, review.status])).to.deep.equal(
      [
        [payments, 'emailed'],
        [data, 'emailed'],
      ].sort(([a], [b]) => (a as string).localeCompare(b as string)),
    );

    const csv = await csvRows(reviewKey(DATE, payments, 'csv'));
    expect(csv.errors).to.deep.equal([]);
    expect(csv.data.map((row) => row.user_name)).to.deep.equal(['alice', 'bob']);
    const [alice, bob] = csv.data;
    expect(alice).to.deep.include({
      admin_equivalent: 'yes',
      admin_reasons: 'AdministratorAccess (group admins)',
      open_findings: 'ak-rotation:access_key_1 (540 days)',
      active_keys: '1',
    });
    // The unfinished run's cred-usage row for bob is not shown.
    expect(bob).to.deep.include({ console: 'enabled', open_findings: '', flagged_for_revoke: 'yes' });
    const html = await read(reviewKey(DATE, payments, 'html'));
    expect(html).to.include('alice').and.include('bob').and.include('ak-rotation');
    // The ages are the run's as-of time's.
    expect(html).to.include(`datetime="${DATE}T00:15:00.000Z"`);
    const dataCsv = await csvRows(reviewKey(DATE, data, 'csv'));
    // carol has no report row: unknown console; dave, in the report only, is a note of the page.
    expect(dataCsv.data).to.have.length(1);
    expect(dataCsv.data[0]).to.deep.include({ user_name: 'carol', console: 'unknown', open_findings: '' });
    expect(await read(reviewKey(DATE, data, 'html')))
      .to.include('carol')
      .and.include('dave');
    for (const key of [reviewKey(DATE, payments, 'csv'), reviewKey(DATE, payments, 'html')]) {
      const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
      expect(head.ServerSideEncryption, key).to.equal('aws:kms');
      expect(head.SSEKMSKeyId, key).to.equal(KMS_KEY_ARN);
    }
    expect(
      (await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: reviewKey(DATE, payments, 'html') })))
        .ContentType,
    ).to.match(/^text\/html/);

    // Assess: one email each, to the configured contact and to the account's Organizations address
    const emails = await sentRawEmails(moto.endpoint);
    expect(emails).to.have.length(2);
    const to = (address: string) => emails.find((email) => email.headers.to === address);
    const paymentsEmail = to(PAYMENTS_CONTACT);
    const dataEmail = to('data@example.com');
    expect(paymentsEmail, 'the payments contact').to.not.equal(undefined);
    expect(dataEmail, "data's Organizations address").to.not.equal(undefined);
    expect(paymentsEmail?.source).to.equal(NOTIFY_FROM);
    expect(paymentsEmail?.headers.subject).to.equal(
      `Access review of AWS account ${payments} (inventory of ${DATE}): 2 IAM users to review`,
    );
    const [text, page, attachedHtml, attachedCsv] = paymentsEmail?.parts ?? [];
    expect(text?.headers['content-type']).to.match(/^text\/plain/);
    expect(text?.body)
      .to.include('credential-tracker:review = revoke')
      .and.include('review contact configured for this account');
    expect(page?.headers['content-type']).to.match(/^text\/html/);
    expect(attachedHtml?.headers['content-disposition']).to.equal(
      `attachment; filename="access-review-${payments}-${DATE}.html"`,
    );
    expect(attachedHtml?.body).to.equal(await read(reviewKey(DATE, payments, 'html')));
    expect(attachedCsv?.headers['content-disposition']).to.equal(
      `attachment; filename="access-review-${payments}-${DATE}.csv"`,
    );
    expect(attachedCsv?.body).to.equal(await read(reviewKey(DATE, payments, 'csv')));
    expect(dataEmail?.parts[0]?.body).to.include("the account's email address in AWS Organizations");
    expect(result.reviews.find((review) => review.account_id === data)).to.deep.include({
      recipient: { address: 'data@example.com', source: 'organizations' },
      attached: 'html_and_csv',
    });
  });

  it("shows a later run's findings that succeeded, and says which finding and which account failed in it", async () => {
    // Prepare: a later finished run in which cred-usage failed, and the data account too
    await putRun(
      s3,
      {
        date: DATE,
        run_id: 'manual-3',
        as_of: `${DATE}T10:00:00.000Z`,
        failed_findings: ['cred-usage'],
        failed_accounts: [data],
      },
      {
        'two-active-keys': [
          { account_id: payments, user_name: 'alice', credential: 'access_keys', days: null },
        ],
      },
    );

    // Act
    const result = await invoke({});

    // Assess
    expect(result).to.deep.include({ run_id: 'manual-3', findings: 'partial', reviewed: 2, failed: [] });
    const [alice] = (await csvRows(reviewKey(DATE, payments, 'csv'))).data;
    expect(alice?.open_findings).to.equal('two-active-keys:access_keys');
    const page = await read(reviewKey(DATE, payments, 'html'));
    expect(page).to.include(
      'The finding(s) cred-usage failed in run manual-3: their open findings are not shown.',
    );
    const dataPage = await read(reviewKey(DATE, data, 'html'));
    expect(dataPage).to.include(
      'The daily run manual-3 failed for this account: its open findings are not shown.',
    );
    expect((await csvRows(reviewKey(DATE, data, 'csv'))).data[0]?.open_findings).to.equal('unknown');
  });

  it('fails the account whose inventory does not validate, reviews and emails the other, then throws', async () => {
    // Prepare: payments' users file has a line that is not a users record
    await putRawInventoryFile(
      s3,
      DATE,
      payments,
      'users',
      `${JSON.stringify(user(payments, 'alice'))}\n${JSON.stringify({ ...user(payments, 'bob'), arn: 'not-an-arn' })}\n`,
    );

    // Act
    let thrown: unknown;
    try {
      await invoke({});
    } catch (error) {
      thrown = error;
    }

    // Assess
    expect(thrown).to.be.instanceOf(GenerateReviewError);
    const result = (thrown as GenerateReviewError).result;
    expect(result).to.deep.include({ accounts: 2, reviewed: 1, emailed: 1 });
    expect(result.failed).to.have.length(1);
    expect(result.failed[0]?.account_id).to.equal(payments);
    expect(result.failed[0]?.error).to.include(
      `InventoryFileError: s3://${BUCKET}/inventory/date=${DATE}/users/${payments}.jsonl:2: not a valid users record: arn:`,
    );
    expect((thrown as Error).message).to.match(/^generate-review: 1 of 2 accounts failed/);
    const emails = await sentRawEmails(moto.endpoint);
    expect(emails.map((email) => email.headers.to)).to.deep.equal(['data@example.com']);
    const written = await s3
      .send(new HeadObjectCommand({ Bucket: BUCKET, Key: reviewKey(DATE, payments, 'html') }))
      .then(
        () => true,
        () => false,
      );
    expect(written, 'no review of the failed account').to.equal(false);
    expect(await read(reviewKey(DATE, data, 'csv'))).to.include('carol');
  });

  it('takes a manual date and accounts; in a single account without a contact it writes the review and emails nobody', async () => {
    // Act
    const result = await invoke(
      { date: DATE, accounts: [data] },
      { ACCOUNT_SCOPE: 'single', REVIEW_CONTACTS_BY_ACCOUNT: '' },
    );

    // Assess
    expect(result).to.deep.include({ date: DATE, accounts: 1, reviewed: 1, emailed: 0, failed: [] });
    expect(result.reviews[0]).to.deep.include({ account_id: data, status: 'written' });
    expect(result.reviews[0])
      .to.have.property('not_emailed')
      .that.match(/no review contact is configured/);
    expect(await sentRawEmails(moto.endpoint)).to.deep.equal([]);
    expect(await read(reviewKey(DATE, data, 'html'))).to.include('carol');
  });

  it('fails an account of the event that has no inventory that day, and the date that has none', async () => {
    // Act
    const missing = await invoke({ date: DATE, accounts: ['111111111111'] }).catch((error: unknown) => error);
    const noDate = await invoke({ date: '2026-11-22' }).catch((error: unknown) => error);

    // Assess
    expect(missing).to.be.instanceOf(GenerateReviewError);
    expect((missing as GenerateReviewError).result.failed[0]?.error).to.include(
      `no inventory of account 111111111111 on ${DATE}`,
    );
    expect(noDate).to.have.property('name', 'NoInventoryError');
  });
});
