import { expect } from 'chai';
import { parseAsOf, parseCommandLine, UsageError, type ScanCommand } from '../src/arguments.js';

function usageErrorOf(argv: readonly string[]): UsageError {
  try {
    parseCommandLine(argv);
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error(`expected a UsageError for ${JSON.stringify(argv)}`);
}

describe('parseCommandLine', () => {
  it('reads every scan option', () => {
    // Act
    const command = parseCommandLine([
      'scan',
      'a.csv',
      'reports/',
      '--as-of',
      '2024-06-01T12:30:00+02:00',
      '--config=thresholds.json',
      '--format',
      'csv',
      '--out',
      'findings.csv',
      '--fail-on',
      'medium',
    ]);

    // Assess
    expect(command).to.deep.equal({
      kind: 'scan',
      paths: ['a.csv', 'reports/'],
      asOf: new Date('2024-06-01T10:30:00Z'),
      configPath: 'thresholds.json',
      format: 'csv',
      out: 'findings.csv',
      failOn: 'medium',
    });
  });

  it('leaves what was not given undefined, for run to default (now, table or json)', () => {
    // Act
    const command = parseCommandLine(['scan', 'reports']) as ScanCommand;

    // Assess
    expect(command).to.deep.equal({
      kind: 'scan',
      paths: ['reports'],
      asOf: undefined,
      configPath: undefined,
      format: undefined,
      out: undefined,
      failOn: undefined,
    });
  });

  it('takes a path that starts with a dash after --', () => {
    // Act
    const command = parseCommandLine(['scan', '--', '-odd.csv']) as ScanCommand;

    // Assess
    expect(command.paths).to.deep.equal(['-odd.csv']);
  });

  it('reads --help, -h, help and --version', () => {
    // Act, Assess
    expect(parseCommandLine(['--help'])).to.deep.equal({ kind: 'help', topic: 'main' });
    expect(parseCommandLine(['-h'])).to.deep.equal({ kind: 'help', topic: 'main' });
    expect(parseCommandLine(['help'])).to.deep.equal({ kind: 'help', topic: 'main' });
    expect(parseCommandLine(['help', 'scan'])).to.deep.equal({ kind: 'help', topic: 'scan' });
    expect(parseCommandLine(['scan', '--help'])).to.deep.equal({ kind: 'help', topic: 'scan' });
    expect(parseCommandLine(['scan', '-h', 'x.csv'])).to.deep.equal({ kind: 'help', topic: 'scan' });
    expect(parseCommandLine(['--version'])).to.deep.equal({ kind: 'version' });
  });

  it('reads every plan option', () => {
    // Act
    const command = parseCommandLine([
      'plan',
      'reports/',
      '--as-of',
      '2024-06-01',
      '--config',
      'settings.json',
      '--format',
      'json',
      '--out',
      'plan.json',
    ]);

    // Assess
    expect(command).to.deep.equal({
      kind: 'plan',
      paths: ['reports/'],
      asOf: new Date('2024-06-01T00:00:00Z'),
      configPath: 'settings.json',
      format: 'json',
      out: 'plan.json',
    });
  });

  it('defaults the plan format to table, wherever the output goes', () => {
    // Act
    const command = parseCommandLine(['plan', 'a.csv']);

    // Assess
    expect(command).to.deep.equal({
      kind: 'plan',
      paths: ['a.csv'],
      asOf: undefined,
      configPath: undefined,
      format: 'table',
      out: undefined,
    });
  });

  it('reads the plan help', () => {
    // Act, Assess
    expect(parseCommandLine(['help', 'plan'])).to.deep.equal({ kind: 'help', topic: 'plan' });
    expect(parseCommandLine(['plan', '--help'])).to.deep.equal({ kind: 'help', topic: 'plan' });
  });

  const usageErrors: [string, string[], RegExp, 'scan' | 'plan' | undefined][] = [
    ['no command', [], /no command given; the commands are scan, plan/, undefined],
    [
      'an unknown command',
      ['sacn', 'x.csv'],
      /unknown command "sacn"; the commands are scan, plan/,
      undefined,
    ],
    ['an unknown top-level option', ['--verbose'], /^unknown option --verbose$/, undefined],
    ['a value given to --version', ['--version=2'], /^--version does not take a value$/, undefined],
    ['an unknown scan option', ['scan', 'x.csv', '--colour'], /^unknown option --colour$/, 'scan'],
    ['an unknown short option', ['scan', 'x.csv', '-x'], /^unknown option -x$/, 'scan'],
    ['--as-of without its value', ['scan', 'x.csv', '--as-of'], /^--as-of needs a value$/, 'scan'],
    [
      '--as-of followed by another option',
      ['scan', 'x.csv', '--as-of', '--format', 'json'],
      /^--as-of needs a value$/,
      'scan',
    ],
    ['--format without its value', ['scan', 'x.csv', '--format'], /^--format needs a value$/, 'scan'],
    ['--out without its value', ['scan', 'x.csv', '--out'], /^--out needs a value$/, 'scan'],
    ['--config without its value', ['scan', 'x.csv', '--config'], /^--config needs a value$/, 'scan'],
    ['--fail-on without its value', ['scan', 'x.csv', '--fail-on'], /^--fail-on needs a value$/, 'scan'],
    ['an empty --out', ['scan', 'x.csv', '--out='], /^--out needs a file to write$/, 'scan'],
    [
      'an empty --config',
      ['scan', 'x.csv', '--config='],
      /^--config needs a JSON configuration file$/,
      'scan',
    ],
    [
      'no path to scan',
      ['scan', '--format', 'json'],
      /scan needs at least one credential-report file/,
      'scan',
    ],
    [
      'a bad --format',
      ['scan', 'x.csv', '--format', 'xml'],
      /^--format "xml" is not one of table, json, csv, html$/,
      'scan',
    ],
    [
      'a bad --fail-on',
      ['scan', 'x.csv', '--fail-on', 'severe'],
      /^--fail-on "severe" is not one of critical, high, medium, low$/,
      'scan',
    ],
    [
      'a repeated option',
      ['scan', 'x.csv', '--format', 'json', '--format', 'csv'],
      /--format is given 2 times/,
      'scan',
    ],
    [
      'a bad --as-of',
      ['scan', 'x.csv', '--as-of', 'yesterday'],
      /--as-of "yesterday" is not an ISO-8601 time/,
      'scan',
    ],
    [
      'no path to plan',
      ['plan', '--format', 'json'],
      /plan needs at least one credential-report file/,
      'plan',
    ],
    [
      'a plan format scan has but plan has not',
      ['plan', 'x.csv', '--format', 'csv'],
      /^--format "csv" is not one of table, json$/,
      'plan',
    ],
    ['--fail-on given to plan', ['plan', 'x.csv', '--fail-on', 'high'], /^unknown option --fail-on$/, 'plan'],
    ['a bad plan --as-of', ['plan', 'x.csv', '--as-of', '2024-06-01T10:00'], /has no time zone/, 'plan'],
    [
      'a repeated plan option',
      ['plan', 'x.csv', '--config', 'a.json', '--config', 'b.json'],
      /--config is given 2 times/,
      'plan',
    ],
  ];
  for (const [name, argv, message, command] of usageErrors) {
    it(`refuses ${name} with a one-line UsageError`, () => {
      // Act
      const error = usageErrorOf(argv);

      // Assess
      expect(error.message).to.match(message);
      expect(error.message).not.to.include('\n');
      expect(error.command).to.equal(command);
    });
  }
});

describe('parseAsOf', () => {
  const accepted: [string, string][] = [
    ['2024-06-01', '2024-06-01T00:00:00.000Z'],
    ['2024-06-01T12:30Z', '2024-06-01T12:30:00.000Z'],
    ['2024-06-01T12:30:15Z', '2024-06-01T12:30:15.000Z'],
    ['2024-06-01T12:30:15.250Z', '2024-06-01T12:30:15.250Z'],
    ['2024-06-01T12:30:15-05:00', '2024-06-01T17:30:15.000Z'],
    ['2024-02-29T23:59:59Z', '2024-02-29T23:59:59.000Z'],
  ];
  for (const [text, iso] of accepted) {
    it(`reads ${text}`, () => {
      // Act, Assess
      expect(parseAsOf(text).toISOString()).to.equal(iso);
    });
  }

  const refused: [string, RegExp][] = [
    ['', /is not an ISO-8601 time/],
    ['now', /is not an ISO-8601 time/],
    ['1717200000', /is not an ISO-8601 time/],
    ['2024-06-01 12:00:00Z', /is not an ISO-8601 time/],
    ['2024-06-01T12:00:00', /has no time zone; add Z for UTC/],
    ['2024-13-01', /is not a real date and time/],
    ['2023-02-29', /is not a real date and time/],
    ['2024-04-31T00:00:00Z', /is not a real date and time/],
    ['2024-06-01T24:00:00Z', /is not a real date and time/],
    ['2024-06-01T12:60:00Z', /is not a real date and time/],
    ['2024-06-01T12:00:00+25:00', /is not an ISO-8601 time/],
  ];
  for (const [text, message] of refused) {
    it(`refuses ${JSON.stringify(text)}`, () => {
      // Act, Assess
      expect(() => parseAsOf(text))
        .to.throw(UsageError, message)
        .with.property('command', 'scan');
    });
  }
});
