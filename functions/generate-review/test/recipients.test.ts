import { DescribeAccountCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { expect } from 'chai';
import {
  AccountEmailError,
  chooseRecipient,
  configuredRecipient,
  organizationsEmailLookup,
  type ReviewContacts,
} from '../src/recipients.js';

const PAYMENTS = '111111111111';
const DATA = '222222222222';

const contacts = (overrides: Partial<ReviewContacts> = {}): ReviewContacts => ({
  byAccount: { [PAYMENTS]: 'payments@example.com' },
  fallback: 'security@example.com',
  organizations: true,
  ...overrides,
});

const awsError = (name: string, message = name): Error => Object.assign(new Error(message), { name });

describe('the review recipient', () => {
  it("is the account's configured contact before the default contact", () => {
    expect(configuredRecipient(PAYMENTS, contacts())).to.deep.equal({
      address: 'payments@example.com',
      source: 'account_contact',
    });
    expect(configuredRecipient(DATA, contacts())).to.deep.equal({
      address: 'security@example.com',
      source: 'default_contact',
    });
    expect(configuredRecipient(DATA, contacts({ fallback: undefined }))).to.equal(undefined);
    // An inherited property is no account's contact.
    expect(configuredRecipient('constructor', contacts({ fallback: undefined }))).to.equal(undefined);
  });

  it('asks Organizations only for an account without a configured contact', async () => {
    // Prepare
    const asked: string[] = [];
    const lookUp = (accountId: string) => {
      asked.push(accountId);
      return Promise.resolve(`${accountId}@example.com`);
    };

    // Act
    const configured = await chooseRecipient(PAYMENTS, contacts({ fallback: undefined }), lookUp);
    const fromOrganizations = await chooseRecipient(DATA, contacts({ fallback: undefined }), lookUp);
    const byDefault = await chooseRecipient(DATA, contacts(), lookUp);

    // Assess
    expect(configured).to.deep.equal({ address: 'payments@example.com', source: 'account_contact' });
    expect(fromOrganizations).to.deep.equal({ address: `${DATA}@example.com`, source: 'organizations' });
    expect(byDefault).to.deep.equal({ address: 'security@example.com', source: 'default_contact' });
    expect(asked).to.deep.equal([DATA]);
  });

  it('is nobody, with the reason, outside an Organization or for an account Organizations does not know', async () => {
    // Act
    const single = await chooseRecipient(DATA, contacts({ fallback: undefined, organizations: false }), () =>
      Promise.reject(new Error('not asked')),
    );
    const unknown = await chooseRecipient(DATA, contacts({ fallback: undefined }), () =>
      Promise.resolve(null),
    );

    // Assess
    expect(single).to.have.property('address', null);
    expect(single)
      .to.have.property('reason')
      .that.match(/account_scope = "single"/);
    expect(unknown).to.have.property('address', null);
    expect(unknown)
      .to.have.property('reason')
      .that.match(/not in the Organization/);
  });

  describe('from Organizations DescribeAccount', () => {
    // The instance is mocked, not the class: other suites' clients stay real.
    const client = new OrganizationsClient({ region: 'us-east-1' });
    const organizations = mockClient(client);
    after(() => organizations.restore());

    it("is the account's Email; an account not found is none; a denial says what to allow", async () => {
      // Prepare
      organizations
        .on(DescribeAccountCommand, { AccountId: DATA })
        .resolves({ Account: { Id: DATA, Email: 'data-root@example.com' } })
        .on(DescribeAccountCommand, { AccountId: PAYMENTS })
        .rejects(awsError('AccountNotFoundException'))
        .on(DescribeAccountCommand, { AccountId: '333333333333' })
        .rejects(awsError('AccessDeniedException', 'not authorized'));
      const lookUp = organizationsEmailLookup(client);

      // Act
      const found = await lookUp(DATA);
      const notFound = await lookUp(PAYMENTS);
      const denied = await lookUp('333333333333').catch((error: unknown) => error);

      // Assess
      expect(found).to.equal('data-root@example.com');
      expect(notFound).to.equal(null);
      expect(denied).to.be.instanceOf(AccountEmailError);
      expect((denied as Error).message).to.include(
        'DescribeAccount(333333333333) failed (AccessDeniedException: not authorized)',
      );
      expect((denied as Error).message).to.include('organizations:DescribeAccount');
    });
  });
});
