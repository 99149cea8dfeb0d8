import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'chai';
import { launchHeadlessChromium } from '@credential-tracker/testing';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { iamUserRow } from '@credential-tracker/core';
import { buildAccessReview, renderReviewHtml, type AccessReview } from '../src/index.js';
import { ACCOUNT, AS_OF, DATE, activeKey, group, user } from './support/inventory.js';

const HOSTILE = `eve"<img src=x onerror=alert(1)>&amp;`;
const USER_COLUMN = 1;
const OLDEST_KEY_COLUMN = 10;

/**
 * alice: admin through a group, flagged; bob: two keys, a finding; carol: admin inline, no key;
 * dave: no group, one key; the hostile one: a group named like markup.
 */
function fixtureReview(): AccessReview {
  const arn = (name: string) => `arn:aws:iam::${ACCOUNT}:user/${name}`;
  return buildAccessReview({
    inventory: {
      account_id: ACCOUNT,
      date: DATE,
      groups: [
        group('admins', {
          attached_policies: ['AdministratorAccess'],
          admin_equivalent: true,
          admin_sources: ['managed:AdministratorAccess'],
        }),
        group('<b>ops</b>', { attached_policies: ['ReadOnlyAccess'] }),
      ],
      users: [
        user('dave', { access_keys: [activeKey('AKIADAVE000000000001', '2024-05-01T00:00:00.000Z')] }),
        user('bob', {
          groups: ['<b>ops</b>'],
          access_keys: [
            activeKey('AKIABOB0000000000001', '2023-06-01T00:00:00.000Z'),
            activeKey('AKIABOB0000000000002', '2024-05-20T00:00:00.000Z'),
          ],
        }),
        user('alice', {
          groups: ['admins'],
          admin_equivalent: true,
          admin_sources: ['group:admins/managed:AdministratorAccess'],
          review: 'revoke',
        }),
        user('carol', {
          inline_policies: ['everything'],
          admin_equivalent: true,
          admin_sources: ['inline:everything'],
        }),
        user(HOSTILE, {
          groups: ['<b>ops</b>'],
          access_keys: [activeKey('AKIAEVE0000000000001', '2024-01-01T00:00:00.000Z')],
        }),
      ],
    },
    asOf: AS_OF,
    credentialReport: [
      iamUserRow(ACCOUNT, 'alice', { password_enabled: true, mfa_active: true }),
      iamUserRow(ACCOUNT, 'bob'),
      iamUserRow(ACCOUNT, 'carol', { password_enabled: true }),
      iamUserRow(ACCOUNT, 'dave'),
    ],
    findings: [
      {
        finding: 'ak-rotation',
        account_id: ACCOUNT,
        user_name: 'bob',
        user_arn: arn('bob'),
        credential: 'access_key_1',
        days: 366,
        severity: 'high',
      },
    ],
  });
}

describe('the access review page in headless Chromium', () => {
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let directory: string;
  let page: Page;
  let requests: string[];
  let problems: string[];
  let pageUrl: string;

  before(async () => {
    browser = await launchHeadlessChromium();
    directory = mkdtempSync(join(tmpdir(), 'credential-tracker-review-html-'));
    pageUrl = pathToFileURL(join(directory, 'review.html')).href;
    writeFileSync(join(directory, 'review.html'), renderReviewHtml(fixtureReview()));
  });

  after(async () => {
    await browser?.close();
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  async function open(options: { javaScript?: boolean } = {}): Promise<void> {
    context = await (browser as Browser).newContext({ javaScriptEnabled: options.javaScript ?? true });
    page = await context.newPage();
    requests = [];
    problems = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(pageUrl);
  }

  afterEach(async () => {
    await context?.close();
  });

  const column = (index: number) =>
    page.locator(`#users tbody tr:visible td:nth-child(${index})`).allTextContents();
  const users = async () => (await column(USER_COLUMN)).map((text) => text.trim());
  const header = (label: string) => page.locator('#users thead th', { hasText: label }).locator('button');

  it('loads without an error or a warning and requests nothing but itself', async () => {
    // Act
    await open();

    // Assess
    expect(problems).to.deep.equal([]);
    expect(requests).to.deep.equal([pageUrl]);
    expect(await page.locator('#controls').isVisible()).to.be.true;
    expect(await page.locator('#shown-count').textContent()).to.equal('5 of 5 users shown');
    expect(await page.locator('[data-total="admin"] .number').textContent()).to.equal('2');
  });

  it('lists the users by name and shows hostile names as text, never as markup', async () => {
    // Act
    await open();

    // Assess
    expect(await users()).to.deep.equal(['alice', 'bob', 'carol', 'dave', HOSTILE]);
    expect(await page.locator('#users tbody img, #users tbody b').count()).to.equal(0);
    expect(await page.locator('#users tbody tr', { hasText: 'bob' }).textContent()).to.include('<b>ops</b>');
  });

  it('sorts by a column on a header click and reverses on a second click', async () => {
    // Prepare
    await open();

    // Act
    await header('User').click();
    const ascending = await users();
    await header('User').click();
    const descending = await users();
    await header('Oldest active key').click();
    const byKeyAge = await users();
    const ageHeader = page.locator('#users thead th', { hasText: 'Oldest active key' });

    // Assess: numeric order, users without an active key last
    expect(ascending).to.deep.equal(['alice', 'bob', 'carol', 'dave', HOSTILE]);
    expect(descending).to.deep.equal([HOSTILE, 'dave', 'carol', 'bob', 'alice']);
    expect(await column(OLDEST_KEY_COLUMN)).to.deep.equal(['31', '152', '366', '-', '-']);
    expect(byKeyAge).to.deep.equal(['dave', HOSTILE, 'bob', 'alice', 'carol']);
    expect(await ageHeader.getAttribute('aria-sort')).to.equal('ascending');
    expect(problems).to.deep.equal([]);
  });

  it('filters by the text typed, in names, groups, policies and ARNs, and says when nothing matches', async () => {
    // Prepare
    await open();

    // Act
    await page.locator('#filter-text').fill('ADMINISTRATOR');
    const byPolicy = await users();
    const counter = await page.locator('#shown-count').textContent();
    await page.locator('#filter-text').fill('<b>ops');
    const byGroup = await users();
    await page.locator('#filter-text').fill(`:user/dave`);
    const byArn = await users();
    await page.locator('#filter-text').fill('nobody-has-this');
    const none = await users();

    // Assess
    expect(byPolicy).to.deep.equal(['alice']);
    expect(counter).to.equal('1 of 5 users shown');
    expect(byGroup).to.deep.equal(['bob', HOSTILE]);
    expect(byArn).to.deep.equal(['dave']);
    expect(none).to.deep.equal([]);
    expect(await page.locator('#no-match').isVisible()).to.be.true;
  });

  it('shows only admin-equivalent, flagged or users with findings when asked, together with the text', async () => {
    // Prepare
    await open();

    // Act
    await page.locator('#only-admin').check();
    const admins = await users();
    await page.locator('#only-flagged').check();
    const flaggedAdmins = await users();
    await page.locator('#only-admin').uncheck();
    await page.locator('#only-flagged').uncheck();
    await page.locator('#only-findings').check();
    const withFindings = await users();
    await page.locator('#only-findings').uncheck();
    await page.locator('#only-admin').check();
    await page.locator('#filter-text').fill('carol');
    const adminCarol = await users();

    // Assess
    expect(admins).to.deep.equal(['alice', 'carol']);
    expect(flaggedAdmins).to.deep.equal(['alice']);
    expect(withFindings).to.deep.equal(['bob']);
    expect(adminCarol).to.deep.equal(['carol']);
    expect(await page.locator('#no-match').isVisible()).to.be.false;
  });

  it('reads the same with scripts off: every user in the table, no controls that could not work', async () => {
    // Act
    await open({ javaScript: false });

    // Assess
    expect(await users()).to.deep.equal(['alice', 'bob', 'carol', 'dave', HOSTILE]);
    expect(await page.locator('#controls').isVisible()).to.be.false;
    expect(await page.locator('#no-match').isVisible()).to.be.false;
    expect(requests).to.deep.equal([pageUrl]);
  });
});
