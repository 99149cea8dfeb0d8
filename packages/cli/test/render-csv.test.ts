import { expect } from 'chai';
import Papa from 'papaparse';
import { renderCsv } from '../src/render/csv.js';
import { cleanFixtureScan, fixtureScan } from './support/scan-fixture.js';

const HEADER = 'finding,severity,account_id,user_name,user_arn,credential,created_at,last_used_at,days';

describe('renderCsv', () => {
  it('writes the json finding fields as a header and one finding a row', () => {
    // Act
    const lines = renderCsv(fixtureScan()).split('\n');

    // Assess
    expect(lines[0]).to.equal(HEADER);
    expect(lines[2]).to.equal(
      'ak-rotation,high,111111111111,alice,arn:aws:iam::111111111111:user/alice,access_key_1,2023-01-01T00:00:00.000Z,2024-05-30T10:00:00.000Z,517',
    );
    expect(lines).to.have.length(1 + 6 + 1);
    expect(lines.at(-1)).to.equal('');
  });

  it('leaves absent times and day counts empty', () => {
    // Act
    const rootLine = renderCsv(fixtureScan()).split('\n')[1];

    // Assess
    expect(rootLine).to.equal(
      'root-mfa,critical,222222222222,<root_account>,arn:aws:iam::222222222222:root,mfa,,,',
    );
  });

  it('quotes values with commas and quotes, and reads back to the same values', () => {
    // Prepare
    const scan = fixtureScan();

    // Act
    const text = renderCsv(scan);
    const parsed = Papa.parse<Record<string, string>>(text.trimEnd(), { header: true });

    // Assess
    expect(text).to.include('"bob,ops@x.io"');
    expect(text).to.include('"eve""<b>&amp;</b>"');
    expect(parsed.errors).to.deep.equal([]);
    expect(parsed.data.map((row) => row.user_name)).to.deep.equal(scan.findings.map((row) => row.user_name));
  });

  it('defuses user names a spreadsheet would run as formulas, which IAM allows', () => {
    // Prepare: = + - @ are legal in an IAM user name
    const scan = fixtureScan();
    const names = ['=HYPERLINK("http://x.io","y")', '+1', '-cmd', '@SUM(A1)'];
    const template = scan.findings[1] as (typeof scan.findings)[number];
    const hostile = { ...scan, findings: names.map((user_name) => ({ ...template, user_name })) };

    // Act
    const rows = Papa.parse<Record<string, string>>(renderCsv(hostile).trimEnd(), { header: true }).data;

    // Assess
    expect(rows.map((row) => row.user_name)).to.deep.equal(names.map((name) => `'${name}`));
    expect(
      rows.map((row) => row.account_id),
      'other values are left as they are',
    ).to.deep.equal(names.map(() => '111111111111'));
  });

  it('writes only the header when nothing was found', () => {
    // Act, Assess
    expect(renderCsv(cleanFixtureScan())).to.equal(`${HEADER}\n`);
  });
});
