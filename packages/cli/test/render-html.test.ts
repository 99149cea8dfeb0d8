import { expect } from 'chai';
import { renderHtml } from '../src/render/html.js';
import { escapeHtml } from '../src/render/html-escape.js';
import { cleanFixtureScan, fixtureScan } from './support/scan-fixture.js';

describe('escapeHtml', () => {
  it('escapes what could open a tag, an entity or close an attribute', () => {
    // Act, Assess
    expect(escapeHtml(`a&b<c>d"e'f`)).to.equal('a&amp;b&lt;c&gt;d&quot;e&#39;f');
  });
});

describe('renderHtml', () => {
  it('escapes every value taken from the reports', () => {
    // Act
    const html = renderHtml(fixtureScan());

    // Assess
    expect(html).to.include('eve&quot;&lt;b&gt;&amp;amp;&lt;/b&gt;');
    expect(html).not.to.include('eve"<b>');
    expect(html).to.include('&lt;root_account&gt;');
    expect(html).not.to.include('<root_account>');
  });

  it('references nothing outside the page', () => {
    // Act
    const html = renderHtml(fixtureScan());

    // Assess
    expect(html).not.to.match(/https?:|\/\/[a-z]|\bsrc=|\bhref=|@import|url\(|fetch\(|XMLHttpRequest/i);
    expect(html).to.include(`<meta http-equiv="Content-Security-Policy" content="default-src 'none';`);
  });

  it('shows the as-of time, the reports scanned and the counts per finding and per account', () => {
    // Act
    const html = renderHtml(fixtureScan());

    // Assess
    expect(html).to.include('<time id="as-of" datetime="2024-06-01T00:00:00.000Z">');
    expect(html).to.include('reports/333333333333.csv');
    expect(html).to.match(
      /<tr data-finding="ak-rotation">.*Access key not rotated.*<td class="num count">3<\/td><\/tr>/,
    );
    expect(html).to.match(
      /<tr data-finding="cert-rotation" class="zero">.*<td class="num count">0<\/td><\/tr>/,
    );
    expect(html).to.match(/<tr data-account="111111111111">.*<td class="num count">4<\/td><\/tr>/);
    expect(html).to.match(/<tr data-account="333333333333" class="zero">/);
  });

  it('lists every finding in the table', () => {
    // Act
    const rows = renderHtml(fixtureScan()).match(/<tr data-index=/g) ?? [];

    // Assess
    expect(rows).to.have.length(6);
  });

  it('explains a clean scan instead of showing an empty table', () => {
    // Act
    const html = renderHtml(cleanFixtureScan());

    // Assess
    expect(html).to.include('<h3>No findings</h3>');
    expect(html).to.include('None of the 5 checks matched any of the 22 users in 3 accounts');
    expect(html).not.to.include('<table id="findings">');
  });
});
