import { expect } from 'chai';
import { DEFAULT_CONFIG, type Decision } from '../../src/index.js';
import { digestItem, ownerAddress, renderDigest, type OwnerDigest } from '../../src/notify/index.js';

const decision = (overrides: Partial<Decision>): Decision =>
  ({
    finding: 'ak-rotation',
    account_id: '123456789012',
    user_name: 'alice',
    user_arn: 'arn:aws:iam::123456789012:user/alice',
    outcome: 'act',
    credential: 'access_key_1',
    credential_id: 'AKIAOLDKEY0000000001',
    action: {
      kind: 'create_key_and_store',
      previous_access_key_id: 'AKIAOLDKEY0000000001',
      secret_name: 'credential-tracker/alice',
      secret_readers: [],
    },
    skip_reason: null,
    reason: 'access key AKIAOLDKEY0000000001 is 100 days old',
    next_step: { action: 'deactivate_key', due_at: new Date('2026-12-08T06:00:00Z') },
    ...overrides,
  }) as Decision;

describe('owner digests', () => {
  it('says in text and HTML what was done, the next step with its date and how to read the new key', () => {
    // Prepare
    const digest: OwnerDigest = {
      address: 'alice@example.com',
      users: [
        {
          account_id: '123456789012',
          user_name: 'alice',
          items: [
            digestItem(decision({}), 'done', {
              access_key_id: 'AKIANEWKEY0000000002',
              secret_name: 'credential-tracker/alice',
            }),
          ],
        },
      ],
    };

    // Act
    const rendered = renderDigest(digest, 'daily-2026-11-23');

    // Assess
    for (const body of [rendered.text, rendered.html]) {
      expect(body).to.include('access key AKIAOLDKEY0000000001 is 100 days old');
      expect(body).to.include('deactivate key after 2026-12-08');
      expect(body).to.include('AKIANEWKEY0000000002');
      expect(body).to.include('aws secretsmanager get-secret-value --secret-id credential-tracker/alice');
    }
    expect(rendered.subject).to.equal('credential-tracker: 1 credential change for your IAM users');
  });

  it('escapes names in the HTML', () => {
    const rendered = renderDigest(
      { address: 'a@example.com', users: [{ account_id: '123456789012', user_name: '<b>x</b>', items: [] }] },
      'run',
    );
    expect(rendered.html).to.include('&#60;b&#62;x&#60;/b&#62;');
    expect(rendered.html).not.to.include('<b>x</b>');
  });

  it('addresses the email tag, else the account fallback, else the global one, else nobody', () => {
    const config = {
      ...DEFAULT_CONFIG,
      fallback_email: 'security@example.com',
      fallback_email_by_account: { '123456789012': 'payments@example.com' },
    };
    expect(ownerAddress('123456789012', { email: 'alice@example.com' }, config)).to.equal(
      'alice@example.com',
    );
    expect(ownerAddress('123456789012', { email: 'not an address' }, config)).to.equal(
      'payments@example.com',
    );
    expect(ownerAddress('210987654321', {}, config)).to.equal('security@example.com');
    expect(ownerAddress('210987654321', null, DEFAULT_CONFIG)).to.equal(null);
  });
});
