import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'chai';
import { launchHeadlessChromium } from '@credential-tracker/testing';
import { type Browser, type Page } from 'playwright-core';
import { renderHtml } from '../src/render/html.js';
import type { RenderableScan } from '../src/render/renderable-scan.js';
import { cleanFixtureScan, fixtureScan } from './support/scan-fixture.js';

const DAYS_COLUMN = 6;
const USER_COLUMN = 4;

describe('the HTML report in headless Chromium', () => {
  let browser: Browser | undefined;
  let directory: string;
  let page: Page;
  let requests: string[];
  let pageUrl: string;

  before(async () => {
    browser = await launchHeadlessChromium();
    directory = mkdtempSync(join(tmpdir(), 'credential-tracker-html-'));
  });

  after(async () => {
    await browser?.close();
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  async function open(scan: RenderableScan, name: string): Promise<void> {
    const file = join(directory, name);
    writeFileSync(file, renderHtml(scan));
    pageUrl = pathToFileURL(file).href;
    page = await (browser as Browser).newPage();
    requests = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(pageUrl);
  }

  afterEach(async () => {
    await page?.close();
  });

  const column = (index: number) =>
    page.locator(`#findings tbody tr:visible td:nth-child(${index})`).allTextContents();
  const header = (label: string) => page.locator('#findings thead th', { hasText: label }).locator('button');

  it('shows the totals, the counts per finding and per account, and requests nothing but itself', async () => {
    // Prepare, Act
    await open(fixtureScan(), 'findings.html');

    // Assess
    expect(await page.locator('[data-total="all"] .number').textContent()).to.equal('6');
    expect(await page.locator('[data-total="high"] .number').textContent()).to.equal('3');
    expect(await page.locator('#by-finding tr[data-finding="ak-rotation"] .count').textContent()).to.equal(
      '3',
    );
    expect(await page.locator('#by-finding tr[data-finding="ak-rotation"]').textContent()).to.include(
      'Access key not rotated within the rotation period',
    );
    expect(await page.locator('#by-finding tr[data-finding="cert-rotation"] .count').textContent()).to.equal(
      '0',
    );
    expect(await page.locator('#by-account tr[data-account="111111111111"] .count').textContent()).to.equal(
      '4',
    );
    expect(await page.locator('#by-account tr[data-account="222222222222"] .count').textContent()).to.equal(
      '2',
    );
    expect(await page.locator('#as-of').textContent()).to.equal('2024-06-01T00:00:00.000Z');
    expect(await page.locator('#by-account').textContent()).to.include('reports/333333333333.csv');
    expect(await page.locator('#shown-count').textContent()).to.equal('6 of 6 findings shown');
    expect(requests).to.deep.equal([pageUrl]);
  });

  it('shows user names as text, never as markup', async () => {
    // Prepare, Act
    await open(fixtureScan(), 'findings.html');

    // Assess
    expect(await column(USER_COLUMN)).to.include('eve"<b>&amp;</b>');
    expect(await page.locator('#findings tbody b').count()).to.equal(0);
    expect(await column(USER_COLUMN)).to.include('<root_account>');
  });

  it('sorts by days on a header click, numerically, and reverses on a second click', async () => {
    // Prepare
    await open(fixtureScan(), 'findings.html');

    // Act
    await header('Days').click();
    const ascending = await column(DAYS_COLUMN);
    await header('Days').click();
    const descending = await column(DAYS_COLUMN);

    // Assess: rows without a day count stay last either way.
    expect(ascending).to.deep.equal(['60', '137', '517', '823', '-', '-']);
    expect(descending).to.deep.equal(['823', '517', '137', '60', '-', '-']);
    expect(await page.locator('#findings thead th', { hasText: 'Days' }).getAttribute('aria-sort')).to.equal(
      'descending',
    );
  });

  it('sorts by account both ways, keeping the earlier order among equal accounts', async () => {
    // Prepare
    await open(fixtureScan(), 'findings.html');

    // Act
    await header('Account').click();
    const ascending = await column(USER_COLUMN);
    await header('Account').click();
    const descending = await column(USER_COLUMN);

    // Assess
    const eve = 'eve"<b>&amp;</b>';
    expect(ascending).to.deep.equal(['alice', 'bob,ops@x.io', eve, 'frank', '<root_account>', 'dave']);
    expect(descending).to.deep.equal(['<root_account>', 'dave', 'alice', 'bob,ops@x.io', eve, 'frank']);
  });

  it('filters rows by the text typed, and says when nothing matches', async () => {
    // Prepare
    await open(fixtureScan(), 'findings.html');

    // Act
    await page.locator('#filter-text').fill('ALI');
    const matching = await column(USER_COLUMN);
    const counter = await page.locator('#shown-count').textContent();
    await page.locator('#filter-text').fill('222222222222');
    const byAccount = await column(USER_COLUMN);
    await page.locator('#filter-text').fill('nobody-has-this');
    const none = await column(USER_COLUMN);

    // Assess
    expect(matching).to.deep.equal(['alice']);
    expect(counter).to.equal('1 of 6 findings shown');
    expect(byAccount).to.deep.equal(['<root_account>', 'dave']);
    expect(none).to.deep.equal([]);
    expect(await page.locator('#no-match').isVisible()).to.be.true;
  });

  it('filters rows by severity, together with the text filter', async () => {
    // Prepare
    await open(fixtureScan(), 'findings.html');

    // Act
    await page.locator('#filter-severity').selectOption('high');
    const high = await column(USER_COLUMN);
    await page.locator('#filter-text').fill('dave');
    const highDave = await column(USER_COLUMN);
    await page.locator('#filter-severity').selectOption('');
    await page.locator('#filter-text').fill('');
    const all = await column(USER_COLUMN);

    // Assess
    expect(high).to.deep.equal(['alice', 'bob,ops@x.io', 'dave']);
    expect(highDave).to.deep.equal(['dave']);
    expect(all).to.have.length(6);
    expect(await page.locator('#no-match').isVisible()).to.be.false;
  });

  it('shows an empty state when nothing was found', async () => {
    // Prepare, Act
    await open(cleanFixtureScan(), 'clean.html');

    // Assess
    expect(await page.locator('#empty-state').isVisible()).to.be.true;
    expect(await page.locator('#empty-state').textContent()).to.include('No findings');
    expect(await page.locator('[data-total="all"] .number').textContent()).to.equal('0');
    expect(requests).to.deep.equal([pageUrl]);
  });
});
