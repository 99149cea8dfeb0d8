import { buildAccessReview, renderReviewCsv, renderReviewHtml } from '@credential-tracker/review';
import { expect } from 'chai';
import { buildMimeMessage, encodeHeaderText } from '../src/mime.js';
import { buildReviewMessage, renderReviewEmail } from '../src/review-email.js';
import { snapshot, user } from './support/bucket.js';

const ACCOUNT = '111111111111';
const DATE = '2026-11-23';

const review = buildAccessReview({
  inventory: snapshot(ACCOUNT, DATE, [user(ACCOUNT, 'alice'), user(ACCOUNT, 'bob', { review: 'revoke' })]),
  asOf: new Date(`${DATE}T00:15:00Z`),
});
const documents = {
  csv: renderReviewCsv(review),
  html: renderReviewHtml(review),
  csvUri: `s3://bucket/reviews/date=${DATE}/${ACCOUNT}/access-review.csv`,
  htmlUri: `s3://bucket/reviews/date=${DATE}/${ACCOUNT}/access-review.html`,
};
const envelope = { from: 'ct@example.com', to: 'owner@example.com', source: 'account_contact' } as const;

describe('the review email', () => {
  it('says what to do: approve, or flag a user with the review tag; and the totals', () => {
    const email = renderReviewEmail(review, 'organizations', 'html_and_csv', documents);
    expect(email.subject).to.equal(
      `Access review of AWS account ${ACCOUNT} (inventory of ${DATE}): 2 IAM users to review`,
    );
    expect(email.text).to.include(`Open the attached access-review-${ACCOUNT}-${DATE}.html`);
    expect(email.text).to.include(
      'aws iam tag-user --user-name USER_NAME --tags Key=credential-tracker:review,Value=revoke',
    );
    expect(email.text).to.include('1 already flagged for revoke');
    expect(email.text).to.include("the account's email address in AWS Organizations");
    expect(email.html).to.include('credential-tracker:review = revoke');
  });

  it('attaches the page and the CSV, the CSV alone, or neither, as SES’s size limit allows', () => {
    const both = buildReviewMessage(review, documents, envelope);
    const size = Buffer.byteLength(both.raw);
    const csvOnly = buildReviewMessage(review, documents, envelope, size - 1);
    const none = buildReviewMessage(review, documents, envelope, Buffer.byteLength(csvOnly.raw) - 1);

    expect(both.attached).to.equal('html_and_csv');
    expect(both.raw).to.include(`filename="access-review-${ACCOUNT}-${DATE}.html"`).and.include('.csv"');
    expect(csvOnly.attached).to.equal('csv');
    expect(csvOnly.raw).to.not.include('.html"');
    expect(none.attached).to.equal('none');
    expect(none.raw).to.not.include('Content-Disposition: attachment');
    const text = Buffer.from(
      (
        /text\/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n([\s\S]+?)\r\n--/.exec(
          none.raw,
        )?.[1] ?? ''
      ).replace(/\r\n/g, ''),
      'base64',
    ).toString('utf8');
    expect(text).to.include(`it is stored at ${documents.htmlUri} and ${documents.csvUri}`);
  });

  it('builds a MIME message with CRLF lines of at most 76 characters, and refuses a header with a line break', () => {
    const raw = buildMimeMessage(
      { ...envelope, subject: 'Zugriffsprüfung', text: 'x'.repeat(500), html: '<p>x</p>', attachments: [] },
      'seed',
    );
    expect(raw).to.include(`Subject: ${encodeHeaderText('Zugriffsprüfung')}`);
    expect(encodeHeaderText('Zugriffsprüfung')).to.match(/^=\?UTF-8\?B\?.+\?=$/);
    expect(raw).to.include('boundary="ct-mixed-seed"');
    expect(raw.split('\r\n').every((line) => line.length <= 998)).to.equal(true);
    expect(raw.replace(/\r\n/g, '')).to.not.include('\n');
    expect(() =>
      buildMimeMessage({
        ...envelope,
        to: 'a@example.com\r\nBcc: b@example.com',
        subject: 's',
        text: '',
        html: '',
        attachments: [],
      }),
    ).to.throw('the To header holds a line break');
  });
});
