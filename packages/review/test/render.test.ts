import { expect } from 'chai';
import Papa from 'papaparse';
import { iamUserRow } from '@credential-tracker/core';
import {
  adminSourceText,
  buildAccessReview,
  renderReview,
  renderReviewCsv,
  renderReviewHtml,
  REVIEW_CSV_FIELDS,
  type AccessReview,
} from '../src/index.js';
import { ACCOUNT, AS_OF, DATE, activeKey, group, user } from './support/inventory.js';

/** Names as hostile as the inventory's schema lets through (IAM itself is stricter). */
const HOSTILE_USER = `<script>alert("x")</script>&'`;
const HOSTILE_GROUP = `admins"><img src=x onerror=alert(1)>`;
const FORMULA_USER = '=1+1';

function review(options: { report?: boolean } = {}): AccessReview {
  const users = [
    user(HOSTILE_USER, {
      groups: [HOSTILE_GROUP],
      admin_equivalent: true,
      admin_sources: [`group:${HOSTILE_GROUP}/managed:AdministratorAccess`],
      review: 'revoke',
      tags: [{ key: 'credential-tracker:review', value: 'revoke' }],
    }),
    user(FORMULA_USER, {
      attached_policies: ['@SUM(A1)', 'ReadOnlyAccess'],
      inline_policies: ['-2+3', 'a,b "quoted"'],
      access_keys: [activeKey('AKIAFORMULA000000001', '2024-03-01T00:00:00.000Z')],
      review: '+keep\nme',
    }),
    user('plain'),
  ];
  return buildAccessReview({
    inventory: {
      account_id: ACCOUNT,
      date: DATE,
      users,
      groups: [
        group(HOSTILE_GROUP, {
          attached_policies: ['AdministratorAccess'],
          admin_equivalent: true,
          admin_sources: ['managed:AdministratorAccess'],
        }),
      ],
    },
    asOf: AS_OF,
    ...(options.report
      ? {
          credentialReport: [
            iamUserRow(ACCOUNT, 'plain', { password_enabled: true, mfa_active: true }),
            iamUserRow(ACCOUNT, FORMULA_USER, {
              access_key_1_active: true,
              access_key_1_last_used_date: new Date('2024-05-31T09:00:00Z'),
            }),
          ],
          findings: [
            {
              finding: 'ak-usage',
              account_id: ACCOUNT,
              user_name: FORMULA_USER,
              user_arn: `arn:aws:iam::${ACCOUNT}:user/${FORMULA_USER}`,
              credential: 'access_key_1',
              days: 1,
              severity: 'medium',
            },
          ],
        }
      : {}),
  });
}

const parse = (csv: string): string[][] =>
  Papa.parse<string[]>(csv.replace(/\n$/, ''), { header: false, skipEmptyLines: false }).data;

describe('adminSourceText', () => {
  it('says which policy grants administrator access and through which group', () => {
    expect(adminSourceText('managed:AdministratorAccess')).to.equal('AdministratorAccess');
    expect(adminSourceText('inline:break-glass')).to.equal('break-glass (inline)');
    expect(adminSourceText('group:admins/managed:AdministratorAccess')).to.equal(
      'AdministratorAccess (group admins)',
    );
    expect(adminSourceText('group:ops/inline:all')).to.equal('all (inline, group ops)');
    expect(adminSourceText('something else')).to.equal('something else');
  });
});

describe('renderReviewCsv', () => {
  it('writes the header and one row per user in the review order, RFC 4180 with LF line ends', () => {
    // Act
    const csv = renderReviewCsv(review({ report: true }));
    const [header, ...rows] = parse(csv);

    // Assess
    expect(csv.endsWith('\n')).to.be.true;
    expect(csv).not.to.include('\r');
    expect(header).to.deep.equal([...REVIEW_CSV_FIELDS]);
    expect(rows.map((row) => row[1])).to.deep.equal([HOSTILE_USER, `'${FORMULA_USER}`, 'plain']);
    const formula = Object.fromEntries(REVIEW_CSV_FIELDS.map((field, index) => [field, rows[1]?.[index]]));
    expect(formula).to.deep.include({
      account_id: ACCOUNT,
      managed_policies: "'@SUM(A1); ReadOnlyAccess",
      inline_policies: `'-2+3; a,b "quoted"`,
      admin_equivalent: 'no',
      console: 'disabled',
      mfa: 'no',
      active_keys: '1',
      inactive_keys: '0',
      oldest_active_key_created_at: '2024-03-01T00:00:00.000Z',
      oldest_active_key_age_days: '92',
      last_activity: '2024-05-31T09:00:00.000Z',
      last_activity_via: 'access key',
      open_findings: 'ak-usage:access_key_1 (1 day)',
      review_tag: "'+keep\nme",
      flagged_for_revoke: 'no',
    });
    const hostile = Object.fromEntries(REVIEW_CSV_FIELDS.map((field, index) => [field, rows[0]?.[index]]));
    expect(hostile).to.deep.include({
      groups: HOSTILE_GROUP,
      managed_policies: `AdministratorAccess (group ${HOSTILE_GROUP})`,
      admin_equivalent: 'yes',
      admin_reasons: `AdministratorAccess (group ${HOSTILE_GROUP})`,
      console: 'unknown',
      last_activity: 'unknown',
      last_activity_via: '',
      open_findings: '',
      review_tag: 'revoke',
      flagged_for_revoke: 'yes',
    });
  });

  it('quotes every value a spreadsheet would run as a formula, even one with a line break', () => {
    // Act
    const csv = renderReviewCsv(review());

    // Assess: every cell that starts with = + - @ (or a tab or CR) carries a leading quote mark
    const cells = parse(csv).flat();
    expect(cells.filter((cell) => /^[=+\-@\t\r]/.test(cell))).to.deep.equal([]);
    expect(csv).to.include(`"'${FORMULA_USER}"`);
    expect(csv).to.include(`"'+keep\nme"`);
  });

  it('says unknown where a credential report or the findings would tell', () => {
    // Act
    const [header, , , plain] = parse(renderReviewCsv(review()));
    const row = Object.fromEntries((header ?? []).map((field, index) => [field, plain?.[index]]));

    // Assess
    expect(row).to.deep.include({
      user_name: 'plain',
      console: 'unknown',
      mfa: 'unknown',
      last_activity: 'unknown',
      open_findings: 'unknown',
      oldest_active_key_age_days: '',
    });
  });

  it('is the csv of renderReview', () => {
    const subject = review({ report: true });
    expect(renderReview('csv', subject)).to.equal(renderReviewCsv(subject));
    expect(renderReview('html', subject)).to.equal(renderReviewHtml(subject));
  });
});

describe('renderReviewHtml', () => {
  it('is one self-contained page: a policy that fetches nothing, inline style and one inline script', () => {
    // Act
    const html = renderReviewHtml(review({ report: true }));

    // Assess
    expect(html.startsWith('<!doctype html>')).to.be.true;
    expect(html).to.include(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">`,
    );
    expect(html.match(/<script/g)).to.have.length(1);
    expect(html).not.to.match(/<(?:link|img|iframe)\b/);
    expect(html).not.to.match(/https?:\/\//);
  });

  it('escapes every name: no tag, attribute or entity a value brings survives as markup', () => {
    // Act
    const html = renderReviewHtml(review({ report: true }));

    // Assess
    expect(html).not.to.include('<script>alert');
    expect(html).not.to.include('<img');
    expect(html).to.include('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;');
    expect(html).to.include('admins&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    // the script element holds only the page's own code: nothing from the review
    const script = /<script>([\s\S]*)<\/script>/.exec(html)?.[1] ?? '';
    expect(script).not.to.include('alert');
    expect(script).not.to.include(ACCOUNT);
  });

  it('has the approval header: account, date, counts and how to flag a user for removal', () => {
    // Act
    const html = renderReviewHtml(review({ report: true }));

    // Assess
    expect(html).to.include(`<span class="mono" id="account-id">${ACCOUNT}</span>`);
    expect(html).to.include(`<time id="review-date" datetime="${DATE}">${DATE}</time>`);
    expect(html).to.match(/data-total="users"><span class="number">3<\/span>/);
    expect(html).to.match(/data-total="admin"><span class="number">1<\/span>/);
    expect(html).to.match(/data-total="flagged"><span class="number">1<\/span>/);
    expect(html).to.include(
      'aws iam tag-user --user-name USER_NAME --tags Key=credential-tracker:review,Value=revoke',
    );
    expect(html).to.include('Reviewed by');
  });

  it('has every user in the table markup, with the controls hidden until the script shows them', () => {
    // Act
    const html = renderReviewHtml(review({ report: true }));

    // Assess
    expect(html.match(/<tr data-index=/g)).to.have.length(3);
    expect(html).to.include('<div class="controls" id="controls" hidden>');
    expect(html).to.match(
      /<tr data-index="0" data-arn="[^"]*" data-admin="" data-flagged="" class="flagged">/,
    );
  });

  it('says when the credential report and the findings are missing, and offers no findings toggle', () => {
    // Act
    const html = renderReviewHtml(review());

    // Assess
    expect(html).to.include('no credential report: console, MFA and last activity unknown');
    expect(html).to.include('findings not checked');
    expect(html).not.to.include('id="only-findings"');
    expect(html).to.match(
      /data-total="console"><span class="number">\?<\/span>with a console password \(unknown\)/,
    );
  });

  it('explains an account without users instead of an empty table', () => {
    // Act
    const html = renderReviewHtml(
      buildAccessReview({
        inventory: { account_id: ACCOUNT, date: DATE, users: [], groups: [] },
        asOf: AS_OF,
      }),
    );

    // Assess
    expect(html).to.include('id="empty-state"');
    expect(html).not.to.include('<table id="users">');
  });
});
