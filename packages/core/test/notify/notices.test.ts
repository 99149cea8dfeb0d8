import { expect } from 'chai';
import {
  mergeNotices,
  noticesText,
  parseNotices,
  NoticesFileError,
  type Notice,
} from '../../src/notify/index.js';

const notice = (address: string, accountId: string, userName: string, credential: string): Notice => ({
  address,
  account_id: accountId,
  user_name: userName,
  items: [
    {
      result: 'warned',
      credential,
      reason: `${credential} is old`,
      next_step: { action: 'deactivate_key', due_at: '2026-12-08T06:00:00.000Z' },
    },
  ],
});

describe('owner notices', () => {
  it('reads back what it writes, line by line', () => {
    // Prepare
    const notices = [
      notice('alice@example.com', '123456789012', 'alice', 'AKIA1'),
      notice('bob@example.com', '123456789012', 'bob', 'AKIA2'),
    ];

    // Act
    const text = noticesText(notices);

    // Assess
    expect(text.split('\n')).to.have.length(3);
    expect(parseNotices(text)).to.deep.equal(notices);
    expect(parseNotices('')).to.deep.equal([]);
  });

  it('refuses a whole file for one bad line, naming the line and the field, not the content', () => {
    // Prepare
    const good = JSON.stringify(notice('alice@example.com', '123456789012', 'alice', 'AKIA1'));
    const extra = JSON.stringify({
      ...notice('bob@example.com', '123456789012', 'bob', 'AKIA2'),
      secret: 'x',
    });
    const badAddress = JSON.stringify(notice('not an address', '123456789012', 'bob', 'AKIA2'));

    // Act, Assess
    expect(() => parseNotices(`${good}\n${extra}\n`))
      .to.throw(NoticesFileError, /^line 2: /)
      .with.property('message')
      .that.does.not.include('x"');
    expect(() => parseNotices(`${badAddress}\n`)).to.throw(NoticesFileError, /line 1: address/);
    expect(() => parseNotices('{not json\n')).to.throw(NoticesFileError, 'line 1: not JSON');
  });

  it('merges the notices of all functions and accounts into one digest per owner, each user once', () => {
    // Prepare: ak-rotation and ak-usage both have something about alice; the fallback owns two accounts
    const notices = [
      notice('alice@example.com', '123456789012', 'alice', 'AKIAROTATE'),
      notice('security@example.com', '210987654321', 'svc', 'AKIASVC'),
      notice('alice@example.com', '123456789012', 'alice', 'AKIAUNUSED'),
      notice('security@example.com', '123456789012', 'ci', 'AKIACI'),
    ];

    // Act
    const digests = mergeNotices(notices);

    // Assess
    expect(
      digests.map((digest) => [
        digest.address,
        digest.users.map((user) => [
          user.account_id,
          user.user_name,
          user.items.map((item) => item.credential),
        ]),
      ]),
    ).to.deep.equal([
      ['alice@example.com', [['123456789012', 'alice', ['AKIAROTATE', 'AKIAUNUSED']]]],
      [
        'security@example.com',
        [
          ['123456789012', 'ci', ['AKIACI']],
          ['210987654321', 'svc', ['AKIASVC']],
        ],
      ],
    ]);
  });
});
