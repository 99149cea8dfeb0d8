import { expect } from 'chai';
import { renderJson, renderJsonChunks, toJsonReport } from '../src/render/json.js';
import { cleanFixtureScan, fixtureScan } from './support/scan-fixture.js';

describe('renderJson', () => {
  it('prints exactly as_of, reports and findings, keys in the contract order', () => {
    // Prepare
    const scan = fixtureScan();

    // Act
    const parsed = JSON.parse(renderJson(scan)) as Record<string, unknown>;

    // Assess
    expect(Object.keys(parsed)).to.deep.equal(['as_of', 'reports', 'findings']);
    expect(parsed.as_of).to.equal('2024-06-01T00:00:00.000Z');
    const reports = parsed.reports as Record<string, unknown>[];
    expect(reports.map((report) => Object.keys(report))).to.deep.equal(
      reports.map(() => ['account_id', 'source', 'users']),
    );
    expect(reports[0]).to.deep.equal({
      account_id: '111111111111',
      source: 'reports/111111111111.csv',
      users: 12,
    });
    const findings = parsed.findings as Record<string, unknown>[];
    expect(findings).to.have.length(6);
    for (const finding of findings) {
      expect(Object.keys(finding)).to.deep.equal([
        'finding',
        'severity',
        'account_id',
        'user_name',
        'user_arn',
        'credential',
        'created_at',
        'last_used_at',
        'days',
      ]);
    }
    expect(findings[1]).to.deep.equal({
      finding: 'ak-rotation',
      severity: 'high',
      account_id: '111111111111',
      user_name: 'alice',
      user_arn: 'arn:aws:iam::111111111111:user/alice',
      credential: 'access_key_1',
      created_at: '2023-01-01T00:00:00.000Z',
      last_used_at: '2024-05-30T10:00:00.000Z',
      days: 517,
    });
  });

  it('writes absent times and day counts as null, not as missing keys or empty strings', () => {
    // Act
    const findings = (JSON.parse(renderJson(fixtureScan())) as { findings: Record<string, unknown>[] })
      .findings;

    // Assess
    expect(findings[0]).to.include({
      user_name: '<root_account>',
      created_at: null,
      last_used_at: null,
      days: null,
    });
    expect(findings[2]).to.include({ last_used_at: null, days: 137 });
  });

  it('drops anything a row carries beyond the contract', () => {
    // Prepare
    const scan = fixtureScan();
    const extra = { ...scan, findings: scan.findings.map((row) => ({ ...row, secret: 'AKIA...' })) };

    // Act
    const text = renderJson(extra);

    // Assess
    expect(text).not.to.include('secret');
  });

  it('prints an empty findings list for a clean scan, still naming the reports', () => {
    // Act
    const parsed = JSON.parse(renderJson(cleanFixtureScan())) as { findings: unknown[]; reports: unknown[] };

    // Assess
    expect(parsed.findings).to.deep.equal([]);
    expect(parsed.reports).to.have.length(3);
  });
});

describe('renderJsonChunks', () => {
  const whole = (scan: ReturnType<typeof fixtureScan>): string =>
    `${JSON.stringify(toJsonReport(scan), null, 2)}\n`;

  it('is, joined, JSON.stringify of the report indented by 2, for no, some and many findings', () => {
    // Prepare: over one chunk of findings too
    const scan = fixtureScan();
    const many = {
      ...scan,
      findings: Array.from({ length: 4_500 }, (_, index) => scan.findings[index % 6]!),
    };

    for (const each of [cleanFixtureScan(), scan, many]) {
      // Act
      const chunks = [...renderJsonChunks(each)];

      // Assess
      expect(chunks.join('')).to.equal(whole(each));
    }
    expect([...renderJsonChunks(many)]).to.have.length(4);
  });
});
