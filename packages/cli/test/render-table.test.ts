import { expect } from 'chai';
import { renderTable } from '../src/render/table.js';
import { ESC, stripAnsi } from './support/ansi.js';
import { cleanFixtureScan, fixtureScan } from './support/scan-fixture.js';

describe('renderTable', () => {
  it('groups findings by severity, most severe first', () => {
    // Act
    const text = renderTable(fixtureScan(), { color: false });

    // Assess
    const headings = text.split('\n').filter((line) => /^[A-Z]+ \(\d+\)$/.test(line));
    expect(headings).to.deep.equal(['CRITICAL (1)', 'HIGH (3)', 'MEDIUM (1)', 'LOW (1)']);
  });

  it('names each finding with its title and count, counts per account, then its rows', () => {
    // Act
    const lines = renderTable(fixtureScan(), { color: false }).split('\n');

    // Assess
    const start = lines.findIndex((line) => line.includes('ak-rotation'));
    expect(lines[start]).to.equal(
      '  ak-rotation  Access key not rotated within the rotation period  3 findings',
    );
    expect(lines[start + 1]).to.equal('    by account: 111111111111 (2), 222222222222 (1)');
    expect(lines[start + 2]).to.match(/^ {4}ACCOUNT +USER +CREDENTIAL +DAYS +CREATED +LAST USED$/);
    expect(lines[start + 3]).to.match(
      /^ {4}111111111111 +alice +access_key_1 +517 +2023-01-01 00:00 +2024-05-30 10:00$/,
    );
    expect(lines[start + 4]).to.match(
      /^ {4}111111111111 +bob,ops@x\.io +access_key_2 +137 +2024-01-15 08:00 +-$/,
    );
    expect(lines[start + 5]).to.match(/^ {4}222222222222 +dave +access_key_1 +823 +2022-03-01 00:00 +-$/);
  });

  it('shows a dash where no time or day count applies', () => {
    // Act
    const text = renderTable(fixtureScan(), { color: false });

    // Assess
    expect(text).to.match(/\n {4}222222222222 +<root_account> +mfa +- +- +-\n/);
  });

  it('ends with a summary line', () => {
    // Act
    const lines = renderTable(fixtureScan(), { color: false }).trimEnd().split('\n');

    // Assess
    expect(lines.at(-1)).to.equal(
      '6 findings (1 critical, 3 high, 1 medium, 1 low) in 2 of 3 accounts; 22 users scanned as of 2024-06-01T00:00:00.000Z (times in UTC)',
    );
  });

  it('says so when nothing was found', () => {
    // Act
    const text = renderTable(cleanFixtureScan(), { color: false });

    // Assess
    expect(text).to.equal(
      'No findings in 3 accounts; 22 users scanned as of 2024-06-01T00:00:00.000Z (times in UTC)\n',
    );
  });

  it('colours only when asked (a terminal)', () => {
    // Act
    const plain = renderTable(fixtureScan(), { color: false });
    const coloured = renderTable(fixtureScan(), { color: true });

    // Assess
    expect(plain).not.to.include(ESC);
    expect(coloured).to.include('\u001b[1;31mCRITICAL (1)\u001b[0m');
    expect(stripAnsi(coloured)).to.equal(plain);
  });
});
