import {
  AWSOrganizationsNotInUseException,
  AccessDeniedException,
  ListAccountsCommand,
  ListParentsCommand,
  OrganizationsClient,
  type Account,
} from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ConfigError } from '@credential-tracker/core';
import { loadSettings, runContext } from '@credential-tracker/core/aws';
import { mockClient } from 'aws-sdk-client-mock';
import { expect } from 'chai';
import {
  OrganizationAccessError,
  listAccounts,
  listAccountsSettingsSchema,
  resolveRun,
  type ListAccountsSettings,
} from '../src/handler.js';

const RUN = runContext('exec-1', new Date('2026-11-23T06:00:00Z'));
const ROOT = 'r-abcd';
const PROD = 'ou-abcd-prod0001';
const PAYMENTS = 'ou-abcd-paym0001';
const SANDBOX = 'ou-abcd-sand0001';

const settingsFrom = (env: NodeJS.ProcessEnv): ListAccountsSettings =>
  loadSettings(listAccountsSettingsSchema, { REPORT_BUCKET: 'credential-tracker-reports', ...env });

const account = (Id: string, Status: Account['Status'] = 'ACTIVE'): Account => ({ Id, Status });

const mockSTSClient = () => mockClient(STSClient);
const mockOrganizationsClient = () => mockClient(OrganizationsClient);

describe('list-accounts', () => {
  // Mocks patch every client of the class: made in before() and restored in after(), so that the
  // moto tests of other files, which mocha runs in the same process, talk to moto.
  let sts: ReturnType<typeof mockSTSClient>;
  let organizations: ReturnType<typeof mockOrganizationsClient>;
  const clients = { sts: new STSClient({}), organizations: new OrganizationsClient({}) };

  before(() => {
    sts = mockSTSClient();
    organizations = mockOrganizationsClient();
  });

  after(() => {
    sts.restore();
    organizations.restore();
  });

  beforeEach(() => {
    sts.reset();
    organizations.reset();
  });

  /** 111 and 222 under PAYMENTS (under PROD), 333 under SANDBOX, 444 at the root. */
  function organizationWithOus(): void {
    organizations.on(ListAccountsCommand).resolves({
      Accounts: ['444444444444', '222222222222', '333333333333', '111111111111'].map((id) => account(id)),
    });
    const parents: Record<string, { Id: string; Type: 'ROOT' | 'ORGANIZATIONAL_UNIT' }> = {
      '111111111111': { Id: PAYMENTS, Type: 'ORGANIZATIONAL_UNIT' },
      '222222222222': { Id: PAYMENTS, Type: 'ORGANIZATIONAL_UNIT' },
      '333333333333': { Id: SANDBOX, Type: 'ORGANIZATIONAL_UNIT' },
      '444444444444': { Id: ROOT, Type: 'ROOT' },
      [PAYMENTS]: { Id: PROD, Type: 'ORGANIZATIONAL_UNIT' },
      [PROD]: { Id: ROOT, Type: 'ROOT' },
      [SANDBOX]: { Id: ROOT, Type: 'ROOT' },
    };
    for (const [child, parent] of Object.entries(parents)) {
      organizations.on(ListParentsCommand, { ChildId: child }).resolves({ Parents: [parent] });
    }
  }

  it('lists the caller account in single-account mode, without calling Organizations', async () => {
    // Prepare
    sts.on(GetCallerIdentityCommand).resolves({ Account: '123456789012' });

    // Act
    const result = await listAccounts(clients, settingsFrom({ ACCOUNT_SCOPE: 'single' }), RUN);

    // Assess
    expect(result).to.deep.equal({ run: RUN, accounts: ['123456789012'] });
    expect(organizations.calls()).to.have.length(0);
  });

  it('applies the account exclusion in single-account mode too', async () => {
    // Prepare
    sts.on(GetCallerIdentityCommand).resolves({ Account: '123456789012' });

    // Act
    const result = await listAccounts(
      clients,
      settingsFrom({ ACCOUNT_SCOPE: 'single', EXCLUDE_ACCOUNTS: '123456789012' }),
      RUN,
    );

    // Assess
    expect(result.accounts).to.deep.equal([]);
  });

  it('pages through every account of the Organization and keeps only ACTIVE ones, sorted', async () => {
    // Prepare
    organizations
      .on(ListAccountsCommand)
      .resolves({
        Accounts: [account('333333333333'), account('111111111111', 'SUSPENDED')],
        NextToken: 't1',
      })
      .on(ListAccountsCommand, { NextToken: 't1' })
      .resolves({
        Accounts: [account('222222222222'), { Id: '555555555555', State: 'CLOSED' }],
        NextToken: 't2',
      })
      .on(ListAccountsCommand, { NextToken: 't2' })
      .resolves({ Accounts: [{ Id: '444444444444', State: 'ACTIVE' }] });

    // Act
    const result = await listAccounts(clients, settingsFrom({}), RUN);

    // Assess
    expect(result.accounts).to.deep.equal(['222222222222', '333333333333', '444444444444']);
    expect(organizations.commandCalls(ListAccountsCommand)).to.have.length(3);
    expect(organizations.commandCalls(ListParentsCommand)).to.have.length(0);
  });

  it('filters by account ids, exclusion winning over inclusion', async () => {
    // Prepare
    organizationWithOus();

    // Act
    const result = await listAccounts(
      clients,
      settingsFrom({
        INCLUDE_ACCOUNTS: '111111111111, 222222222222,999999999999',
        EXCLUDE_ACCOUNTS: '222222222222',
      }),
      RUN,
    );

    // Assess: 999... is not in the Organization, so it is never listed
    expect(result.accounts).to.deep.equal(['111111111111']);
  });

  it('includes accounts anywhere under an included OU, asking each parent once', async () => {
    // Prepare
    organizationWithOus();

    // Act
    const result = await listAccounts(clients, settingsFrom({ INCLUDE_OUS: PROD }), RUN);

    // Assess
    expect(result.accounts).to.deep.equal(['111111111111', '222222222222']);
    const asked = organizations.commandCalls(ListParentsCommand).map((call) => call.args[0].input.ChildId);
    expect(asked).to.have.members([
      '111111111111',
      '222222222222',
      '333333333333',
      '444444444444',
      PAYMENTS,
      SANDBOX,
      PROD,
    ]);
    expect(new Set(asked).size).to.equal(asked.length);
  });

  it('excludes accounts under an excluded OU even when they are included by id or by OU', async () => {
    // Prepare
    organizationWithOus();

    // Act
    const result = await listAccounts(
      clients,
      settingsFrom({ INCLUDE_OUS: ROOT, INCLUDE_ACCOUNTS: '111111111111', EXCLUDE_OUS: PAYMENTS }),
      RUN,
    );

    // Assess
    expect(result.accounts).to.deep.equal(['333333333333', '444444444444']);
  });

  it('includes accounts listed by id or under an included OU', async () => {
    // Prepare
    organizationWithOus();

    // Act
    const result = await listAccounts(
      clients,
      settingsFrom({ INCLUDE_OUS: SANDBOX, INCLUDE_ACCOUNTS: '444444444444' }),
      RUN,
    );

    // Assess
    expect(result.accounts).to.deep.equal(['333333333333', '444444444444']);
  });

  it('tells to use ACCOUNT_SCOPE=single when the account is not in an Organization', async () => {
    // Prepare
    organizations
      .on(ListAccountsCommand)
      .rejects(new AWSOrganizationsNotInUseException({ message: 'not in use', $metadata: {} }));

    // Act
    const failure = await listAccounts(clients, settingsFrom({}), RUN).catch((error: unknown) => error);

    // Assess
    expect(failure).to.be.instanceOf(OrganizationAccessError);
    expect((failure as Error).name).to.equal('OrganizationAccessError');
    expect((failure as Error).message)
      .to.contain('ListAccounts')
      .and.contain('ACCOUNT_SCOPE=single');
  });

  it('says where to run the tracker when Organizations denies ListParents', async () => {
    // Prepare
    organizations.on(ListAccountsCommand).resolves({ Accounts: [account('111111111111')] });
    organizations
      .on(ListParentsCommand)
      .rejects(new AccessDeniedException({ message: 'denied', $metadata: {} }));

    // Act
    const failure = await listAccounts(clients, settingsFrom({ EXCLUDE_OUS: SANDBOX }), RUN).catch(
      (error: unknown) => error,
    );

    // Assess
    expect(failure).to.be.instanceOf(OrganizationAccessError);
    expect((failure as Error).message)
      .to.contain('ListParents(111111111111)')
      .and.contain('AccessDeniedException')
      .and.contain('management account');
  });
});

describe('list-accounts run and settings', () => {
  it('takes the run from the execution name and start time', () => {
    // Act
    const run = resolveRun({ run_id: 'daily-2026-11-23', as_of: '2026-11-23T05:59:58.123Z' }, new Date());

    // Assess
    expect(run).to.deep.equal({
      run_id: 'daily-2026-11-23',
      as_of: '2026-11-23T05:59:58.123Z',
      date: '2026-11-23',
    });
  });

  it('makes up a run id and uses now when invoked by hand', () => {
    // Act
    const run = resolveRun({}, new Date('2026-11-23T23:30:00Z'));

    // Assess
    expect(run.run_id).to.match(/^manual-[0-9a-f-]{36}$/);
    expect(run.as_of).to.equal('2026-11-23T23:30:00.000Z');
    expect(run.date).to.equal('2026-11-23');
  });

  it('reports every invalid setting at once, by variable name', () => {
    // Act
    const failure = (() => {
      try {
        return loadSettings(listAccountsSettingsSchema, {
          ACCOUNT_SCOPE: 'everything',
          EXCLUDE_ACCOUNTS: '12345',
          INCLUDE_OUS: 'prod',
        });
      } catch (error) {
        return error;
      }
    })();

    // Assess
    expect(failure).to.be.instanceOf(ConfigError);
    const message = (failure as Error).message;
    expect(message).to.contain('ACCOUNT_SCOPE').and.contain('EXCLUDE_ACCOUNTS').and.contain('INCLUDE_OUS');
  });
});
