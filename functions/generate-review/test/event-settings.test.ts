import { ConfigError } from '@credential-tracker/core';
import { loadSettings } from '@credential-tracker/core/aws';
import { expect } from 'chai';
import { parseReviewEvent, ReviewEventError } from '../src/event.js';
import { generateReviewSettingsSchema } from '../src/settings.js';

const BASE = {
  REPORT_BUCKET: 'tracker-bucket',
  REPORT_KMS_KEY_ARN: 'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab',
};

describe('generate-review event and settings', () => {
  it('takes the schedule’s {}, no event, a scheduled event, or a manual date and accounts', () => {
    expect(parseReviewEvent({})).to.deep.equal({});
    expect(parseReviewEvent(undefined)).to.deep.equal({});
    expect(
      parseReviewEvent({ source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {}, id: 'x' }),
    ).to.deep.equal({});
    expect(parseReviewEvent({ date: '2026-11-23', accounts: ['111111111111'] })).to.deep.equal({
      date: '2026-11-23',
      accounts: ['111111111111'],
    });
  });

  it('refuses a bad date, a bad or repeated account, an empty list and an unknown field, all at once', () => {
    const refused = (event: unknown): string => {
      try {
        parseReviewEvent(event);
      } catch (error) {
        expect(error).to.be.instanceOf(ReviewEventError);
        return (error as Error).message;
      }
      throw new Error('accepted');
    };
    expect(refused({ date: '2026-13-01' })).to.include('date: a date, YYYY-MM-DD');
    expect(refused({ accounts: ['12345'] })).to.include('accounts.0: a 12-digit AWS account id');
    expect(refused({ accounts: ['111111111111', '111111111111'] })).to.include('each account once');
    expect(refused({ accounts: [] })).to.include('at least one account id');
    expect(refused({ acounts: ['111111111111'] })).to.include('acounts');
  });

  it('reads the contacts, the sender, the scope and the lookback, with their defaults', () => {
    expect(loadSettings(generateReviewSettingsSchema, BASE)).to.deep.include({
      NOTIFY_FROM: undefined,
      ACCOUNT_SCOPE: 'organization',
      REVIEW_CONTACT: undefined,
      REVIEW_CONTACTS_BY_ACCOUNT: {},
      INVENTORY_LOOKBACK_DAYS: 7,
    });
    expect(
      loadSettings(generateReviewSettingsSchema, {
        ...BASE,
        NOTIFY_FROM: ' ct@example.com ',
        ACCOUNT_SCOPE: 'single',
        REVIEW_CONTACT: 'security@example.com',
        REVIEW_CONTACTS_BY_ACCOUNT: '111111111111=payments@example.com, 222222222222=data@example.com',
        INVENTORY_LOOKBACK_DAYS: '14',
      }),
    ).to.deep.include({
      NOTIFY_FROM: 'ct@example.com',
      ACCOUNT_SCOPE: 'single',
      REVIEW_CONTACT: 'security@example.com',
      REVIEW_CONTACTS_BY_ACCOUNT: {
        '111111111111': 'payments@example.com',
        '222222222222': 'data@example.com',
      },
      INVENTORY_LOOKBACK_DAYS: 14,
    });
  });

  it('names every bad setting', () => {
    let error: unknown;
    try {
      loadSettings(generateReviewSettingsSchema, {
        ...BASE,
        REVIEW_CONTACT: 'not-an-address',
        REVIEW_CONTACTS_BY_ACCOUNT: '111111111111=payments@example.com,oops',
        INVENTORY_LOOKBACK_DAYS: '0',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).to.be.instanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).to.include('REVIEW_CONTACT: an email address');
    expect(message).to.include('REVIEW_CONTACTS_BY_ACCOUNT: "oops" is not account_id=address');
    expect(message).to.include('INVENTORY_LOOKBACK_DAYS: at least 1 day');
  });
});
