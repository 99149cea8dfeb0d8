// Issue 6's acceptance check, against moto: two daily runs a day apart, between which an owner adds a
// user to the admin group and tags another for removal. The change queries name both events, the
// quarterly access review lists every user with its groups and policies, and the flagged user is
// disabled (enforce on) or only planned for (enforce off). Every function is the real one, run by the
// rendered state machine on aws-local-stepfunctions (support/local-run.ts); moto computes no Athena
// results, so each named query's rows come from DuckDB over what is in moto's S3 (support/moto-athena.ts).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  GetLoginProfileCommand,
  ListAccessKeysCommand,
  PutGroupPolicyCommand,
  TagUserCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { DescribeAccountCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { S3Client } from '@aws-sdk/client-s3';
import { SESClient, VerifyEmailIdentityCommand } from '@aws-sdk/client-ses';
import { actionLogKey, reviewKey, runSummaryKey, S3_PREFIXES } from '@credential-tracker/core/aws';
import { runChangeQueries } from '@credential-tracker/findings/local';
import { createHandler as generateReviewHandler } from '@credential-tracker/fn-generate-review';
import type { RunSummary } from '@credential-tracker/fn-summarise-run';
import { motoOverrides, useMotoSuite } from '@credential-tracker/testing';
import { expect } from 'chai';
import Papa from 'papaparse';
import type { RemediationEvent } from './support/contract.js';
import { runLocally, type LocalRun } from './support/local-run.js';
import { motoPipelineHandlers } from './support/moto-handlers.js';
import { copyFromMoto, deployToMoto, memberAccountIam, motoStore } from './support/moto-pipeline.js';

/**
 * Day D and D+1, each run starting at 00:15 UTC as the default schedule does. moto stamps users,
 * passwords and keys with the real clock, never long before D: no age threshold is crossed on either
 * day, so review-revoke is the one remediation with something to do, whatever day the test runs.
 */
const DAY = '2026-11-23';
const NEXT_DAY = '2026-11-24';
const NOTIFY_FROM = 'credential-tracker@example.com';
const CAROL_OWNER = 'carol-owner@example.com';
const REVIEW_TAG = 'credential-tracker:review';
const REVIEW_REVOKE = 'remediate-findings-review-revoke';
const ADMINISTRATOR_ACCESS = 'arn:aws:iam::aws:policy/AdministratorAccess';
const READ_ONLY_ACCESS = 'arn:aws:iam::aws:policy/ReadOnlyAccess';

const runId = (date: string): string => `daily-${date}`;

interface Scenario {
  /** The account of the scenario; the other member account has alice with a key, and changes nothing. */
  readonly account: string;
  readonly bystander: string;
  /** IAM of the scenario's account, as its administrator. */
  readonly iam: IAMClient;
  readonly carolKeys: readonly string[];
  readonly first: LocalRun;
  readonly second: LocalRun;
}

describe('issue 6 acceptance: two daily runs against moto, a change, a flag and the access review', function () {
  this.timeout(120_000);
  // AdministratorAccess and ReadOnlyAccess must exist in moto to be attached.
  const moto = useMotoSuite({ awsManagedPolicies: true });
  const cleanups: (() => unknown)[] = [];

  afterEach(async () => {
    while (cleanups.length > 0) await cleanups.pop()?.();
  });

  const s3Text = (key: string): Promise<string> => motoStore(moto.endpoint).get(key);

  const jsonLines = async (key: string): Promise<Record<string, string | null>[]> =>
    (await s3Text(key))
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Record<string, string | null>);

  /** One decision of an action log as `<decision> <action or skip reason> [<key id>]`. */
  const decisions = (log: readonly Record<string, string | null>[]): string[] =>
    log.map((row) =>
      [row.decision, row.action ?? row.skip_reason, row.credential_id].filter(Boolean).join(' '),
    );

  /**
   * The Organization (two member accounts), then in the first: group admins (AdministratorAccess),
   * group developers (ReadOnlyAccess and an inline policy); alice (admins, password, key), bob
   * (developers, password, key), carol (password, two keys, her owner's address in her email tag),
   * dave (developers, nothing else). Run 1 on day D; then bob joins admins and carol's owner tags her
   * for removal; run 2 on D+1. CT_ENFORCE is `enforce` for both runs.
   */
  async function scenario(enforce: boolean): Promise<Scenario> {
    const deployment = await deployToMoto(moto.endpoint, 2);
    const [account, bystander] = deployment.memberAccounts as [string, string];
    const ses = new SESClient(motoOverrides(moto.endpoint));
    await ses.send(new VerifyEmailIdentityCommand({ EmailAddress: NOTIFY_FROM }));
    ses.destroy();

    // alice exists with one key in every member account (deployToMoto).
    const iam = await memberAccountIam(moto.endpoint, account);
    cleanups.push(() => iam.destroy());
    await iam.send(new CreateGroupCommand({ GroupName: 'admins' }));
    await iam.send(new AttachGroupPolicyCommand({ GroupName: 'admins', PolicyArn: ADMINISTRATOR_ACCESS }));
    await iam.send(new CreateGroupCommand({ GroupName: 'developers' }));
    await iam.send(new AttachGroupPolicyCommand({ GroupName: 'developers', PolicyArn: READ_ONLY_ACCESS }));
    await iam.send(
      new PutGroupPolicyCommand({
        GroupName: 'developers',
        PolicyName: 'deploy-artifacts',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::artifacts/*' }],
        }),
      }),
    );
    await iam.send(new CreateUserCommand({ UserName: 'bob' }));
    await iam.send(
      new CreateUserCommand({ UserName: 'carol', Tags: [{ Key: 'email', Value: CAROL_OWNER }] }),
    );
    await iam.send(new CreateUserCommand({ UserName: 'dave' }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'admins', UserName: 'alice' }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'developers', UserName: 'bob' }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'developers', UserName: 'dave' }));
    for (const user of ['alice', 'bob', 'carol']) {
      await iam.send(new CreateLoginProfileCommand({ UserName: user, Password: 'Correct-Horse-Battery-1' }));
    }
    const newKey = async (user: string) =>
      (await iam.send(new CreateAccessKeyCommand({ UserName: user }))).AccessKey?.AccessKeyId as string;
    await newKey('bob');
    const carolKeys = [await newKey('carol'), await newKey('carol')];

    // Every function reads its settings from the environment, as a deployed Lambda does.
    moto.handlerEnvironment({ ...deployment.environment, NOTIFY_FROM, CT_ENFORCE: String(enforce) });
    const daily = (date: string) =>
      runLocally({
        handlers: motoPipelineHandlers(moto.endpoint, deployment),
        executionName: runId(date),
        startTime: `${date}T00:15:00.000Z`,
      });

    const first = await daily(DAY);
    // Between the runs, in the account: bob joins admins; carol's owner flags her for removal.
    await iam.send(new AddUserToGroupCommand({ GroupName: 'admins', UserName: 'bob' }));
    await iam.send(new TagUserCommand({ UserName: 'carol', Tags: [{ Key: REVIEW_TAG, Value: 'revoke' }] }));
    const second = await daily(NEXT_DAY);
    return { account, bystander, iam, carolKeys, first, second };
  }

  /** The change queries of D+1 against D, on DuckDB over the inventory copied from moto's S3. */
  async function changesOfNextDay() {
    const directory = await mkdtemp(join(tmpdir(), 'ct-inventory-'));
    cleanups.push(() => rm(directory, { recursive: true, force: true }));
    await copyFromMoto(moto.endpoint, `${S3_PREFIXES.inventory}/`, directory);
    return runChangeQueries(directory, { snapshotDate: NEXT_DAY });
  }

  const summaryOf = async (date: string): Promise<RunSummary> =>
    JSON.parse(await s3Text(runSummaryKey(date, runId(date)))) as RunSummary;

  /** What each remediation was handed as the actions taken earlier in the run, by finding. */
  const handedCounts = (run: LocalRun) =>
    Object.fromEntries(
      (run.remediations as RemediationEvent[]).map((event) => [event.finding, event.actions_earlier_in_run]),
    );

  const hasPassword = (iam: IAMClient, user: string): Promise<boolean> =>
    iam.send(new GetLoginProfileCommand({ UserName: user })).then(
      () => true,
      (error: Error) => {
        if (error.name === 'NoSuchEntityException') return false;
        throw error;
      },
    );

  const keyStatuses = async (iam: IAMClient, user: string): Promise<Record<string, string>> =>
    Object.fromEntries(
      ((await iam.send(new ListAccessKeysCommand({ UserName: user }))).AccessKeyMetadata ?? []).map((key) => [
        key.AccessKeyId as string,
        key.Status as string,
      ]),
    );

  /** Every email moto's SES kept: SendEmail (the owners' digests) and SendRawEmail (the reviews). */
  const sentEmails = async () => {
    const data = (await (await fetch(`${moto.endpoint}/moto-api/data.json`)).json()) as {
      ses?: {
        Message?: { subject: string; body: string; destinations: { ToAddresses?: string[] } }[];
        RawMessage?: { destinations: string[]; raw_data: string }[];
      };
    };
    return { digests: data.ses?.Message ?? [], raw: data.ses?.RawMessage ?? [] };
  };

  /** (a), the same whatever enforce says: the inventory is collected before the remediations act. */
  async function expectBothChangesAndNothingElse({ account, bystander }: Scenario): Promise<void> {
    const changes = await changesOfNextDay();
    expect(changes.previous_date).to.equal(DAY);
    // Both accounts compared: the bystander's unchanged inventory reports nothing, not "no baseline".
    expect([...changes.accounts.compared].sort()).to.deep.equal([account, bystander].sort());
    const rows = changes.results.flatMap((result) => result.rows);
    // alice, dave and the bystander account are unchanged: no row names them.
    expect(
      rows.map((row) => [row.account_id, row.change, row.principal_name, row.subject, row.detail]),
    ).to.deep.equal([
      [
        account,
        'admin-access-granted',
        'bob',
        'group:admins/managed:AdministratorAccess',
        'added to group admins, which holds managed policy AdministratorAccess',
      ],
      [account, 'group-member-added', 'bob', 'admins', 'added to group admins'],
      [account, 'review-flagged', 'carol', 'revoke', 'credential-tracker:review set to revoke'],
    ]);
    expect(rows.every((row) => row.principal_type === 'user' && row.snapshot_date === NEXT_DAY)).to.be.true;
  }

  it('with enforce on: names both changes, reviews every user, and disables the flagged user', async () => {
    // Prepare, Act
    const world = await scenario(true);
    const { account, bystander, iam, carolKeys, first, second } = world;

    // Assess (a): the change queries of D+1 against D name bob's admin access and carol's flag
    await expectBothChangesAndNothingElse(world);

    // Assess (c): run 1 found nothing to remediate; run 2 removed carol's password and both keys ...
    expect(first.summary.findings.find((item) => item.finding === 'review-revoke')).to.deep.include({
      status: 'succeeded',
      count: 0,
    });
    expect(Object.values(handedCounts(first))).to.deep.equal(Array(5).fill({ run: 0, by_account: {} }));
    expect(await hasPassword(iam, 'carol')).to.equal(false);
    expect(await keyStatuses(iam, 'carol')).to.deep.equal(
      Object.fromEntries(carolKeys.map((key) => [key, 'Inactive'])),
    );
    // ... and nobody else's
    expect(await hasPassword(iam, 'alice')).to.equal(true);
    expect(await hasPassword(iam, 'bob')).to.equal(true);
    expect(Object.values(await keyStatuses(iam, 'bob'))).to.deep.equal(['Active']);
    expect(Object.values(await keyStatuses(iam, 'alice'))).to.deep.equal(['Active']);
    // ... each action logged done, with the owner's notice queued
    const log = await jsonLines(actionLogKey(NEXT_DAY, runId(NEXT_DAY), REVIEW_REVOKE));
    expect(decisions(log)).to.have.members([
      'done delete_login_profile',
      ...carolKeys.map((key) => `done deactivate_key ${key}`),
      'notice_queued notify',
    ]);
    expect(log).to.have.length(4);
    expect(
      log.every(
        (row) => row.user_name === 'carol' && row.account_id === account && row.finding === 'review-revoke',
      ),
    ).to.be.true;
    // ... counted: the 3 actions go against the limits of the later remediations, the summary counts the
    // finding and the owner's digest
    expect(handedCounts(second)['cred-usage']).to.deep.equal({ run: 3, by_account: { [account]: 3 } });
    const summary = await summaryOf(NEXT_DAY);
    expect(summary).to.deep.include({ complete: true, accounts: { total: 2, stored: 2, failed: 0 } });
    expect(summary.per_finding).to.deep.include({ finding: 'review-revoke', count: 1, accounts: 1 });
    expect(summary.per_account.find((item) => item.account_id === account)?.findings).to.include({
      'review-revoke': 1,
    });
    expect(summary.notifications).to.deep.include({
      sent_from: NOTIFY_FROM,
      owners: 1,
      notified: 1,
      failed: 0,
    });
    const { digests } = await sentEmails();
    expect(digests.map((email) => email.destinations.ToAddresses)).to.deep.equal([[CAROL_OWNER]]);
    expect(digests[0]?.body).to.include('carol');

    // Act: the quarterly review, on its own schedule the morning after run 2 (the schedule's event is {})
    const overrides = motoOverrides(moto.endpoint);
    const s3 = new S3Client(overrides);
    const ses = new SESClient(overrides);
    const organizations = new OrganizationsClient(overrides);
    cleanups.push(() => [s3, ses, organizations].forEach((client) => client.destroy()));
    const review = await generateReviewHandler({
      s3,
      ses,
      organizations,
      now: () => new Date(`${NEXT_DAY}T06:00:00Z`),
    })({});

    // Assess (b): both accounts reviewed from D+1's inventory, report and run 2's findings, and emailed
    expect(review).to.deep.include({
      date: NEXT_DAY,
      run_id: runId(NEXT_DAY),
      findings: 'included',
      accounts: 2,
      reviewed: 2,
      emailed: 2,
      failed: [],
    });
    const rows = Papa.parse<Record<string, string>>(await s3Text(reviewKey(NEXT_DAY, account, 'csv')), {
      header: true,
      skipEmptyLines: true,
    });
    expect(rows.errors).to.deep.equal([]);
    const byUser: Record<string, Record<string, string>> = Object.fromEntries(
      rows.data.map((row) => [row.user_name as string, row]),
    );
    expect(Object.keys(byUser)).to.deep.equal(['alice', 'bob', 'carol', 'dave']);
    // The snapshot of D+1 as collected before run 2's remediations: carol still has her password and keys.
    expect(byUser.alice).to.deep.include({
      groups: 'admins',
      managed_policies: 'AdministratorAccess (group admins)',
      inline_policies: '',
      admin_equivalent: 'yes',
      admin_reasons: 'AdministratorAccess (group admins)',
      console: 'enabled',
      active_keys: '1',
      flagged_for_revoke: 'no',
    });
    expect(byUser.bob).to.deep.include({
      groups: 'admins; developers',
      managed_policies: 'AdministratorAccess (group admins); ReadOnlyAccess (group developers)',
      inline_policies: 'deploy-artifacts (group developers)',
      admin_equivalent: 'yes',
      admin_reasons: 'AdministratorAccess (group admins)',
      console: 'enabled',
      active_keys: '1',
      flagged_for_revoke: 'no',
    });
    expect(byUser.carol).to.deep.include({
      groups: '',
      managed_policies: '',
      inline_policies: '',
      admin_equivalent: 'no',
      console: 'enabled',
      active_keys: '2',
      review_tag: 'revoke',
      flagged_for_revoke: 'yes',
    });
    expect(byUser.carol?.open_findings?.split('; ')).to.include.members([
      'review-revoke:user',
      'two-active-keys:access_keys',
    ]);
    expect(byUser.dave).to.deep.include({
      groups: 'developers',
      managed_policies: 'ReadOnlyAccess (group developers)',
      inline_policies: 'deploy-artifacts (group developers)',
      admin_equivalent: 'no',
      admin_reasons: '',
      console: 'disabled',
      active_keys: '0',
      open_findings: '',
      flagged_for_revoke: 'no',
    });
    const others = Papa.parse<Record<string, string>>(await s3Text(reviewKey(NEXT_DAY, bystander, 'csv')), {
      header: true,
      skipEmptyLines: true,
    });
    expect(
      others.data.map((row) => [row.user_name, row.groups, row.admin_equivalent, row.active_keys]),
    ).to.deep.equal([['alice', '', 'no', '1']]);
    const html = await s3Text(reviewKey(NEXT_DAY, account, 'html'));
    for (const user of ['alice', 'bob', 'carol', 'dave']) expect(html).to.include(`user/${user}`);
    // Each account's owner, its address in Organizations, got its own review attached.
    const { raw } = await sentEmails();
    for (const id of [account, bystander]) {
      const email = (await organizations.send(new DescribeAccountCommand({ AccountId: id }))).Account?.Email;
      const mine = raw.filter((message) => message.destinations.includes(email as string));
      expect(mine, id).to.have.length(1);
      expect(mine[0]?.raw_data).to.include(`filename="access-review-${id}-${NEXT_DAY}.html"`);
      expect(mine[0]?.raw_data).to.include(`filename="access-review-${id}-${NEXT_DAY}.csv"`);
    }
    expect(raw).to.have.length(2);
  });

  it('with enforce off: names both changes and only plans the flagged user’s removal', async () => {
    // Prepare, Act
    const world = await scenario(false);
    const { account, iam, carolKeys, second } = world;

    // Assess (a)
    await expectBothChangesAndNothingElse(world);

    // Assess (d): carol keeps her password and keys; every action is planned, none taken, nobody told
    expect(await hasPassword(iam, 'carol')).to.equal(true);
    expect(await keyStatuses(iam, 'carol')).to.deep.equal(
      Object.fromEntries(carolKeys.map((key) => [key, 'Active'])),
    );
    const log = await jsonLines(actionLogKey(NEXT_DAY, runId(NEXT_DAY), REVIEW_REVOKE));
    expect(decisions(log)).to.have.members([
      'planned delete_login_profile',
      ...carolKeys.map((key) => `planned deactivate_key ${key}`),
    ]);
    expect(log).to.have.length(3);
    expect(log.every((row) => row.user_name === 'carol' && row.account_id === account)).to.be.true;
    // A dry run counts what it planned against the limits, as an enforced run would.
    expect(handedCounts(second)['cred-usage']).to.deep.equal({ run: 3, by_account: { [account]: 3 } });
    const summary = await summaryOf(NEXT_DAY);
    expect(summary.per_finding).to.deep.include({ finding: 'review-revoke', count: 1, accounts: 1 });
    expect(summary.notifications).to.deep.include({ owners: 0, notified: 0 });
    expect((await sentEmails()).digests).to.deep.equal([]);
  });
});
