export const MAIN_HELP = `Usage: credential-tracker <command> [options]

Finds risky IAM credentials in AWS credential reports, with the same SQL the suite runs in Athena.

Commands:
  scan <file-or-dir>...   scan credential-report CSV files (directories are walked for *.csv)

Options:
  -h, --help              show this help (credential-tracker scan --help for the scan options)
  --version               print the version

Exit status: 0 done, 1 a finding met --fail-on, 2 bad input or usage.
`;

export const SCAN_HELP = `Usage: credential-tracker scan <file-or-dir>... [options]

Reads IAM credential reports (aws iam get-credential-report, or the suite's S3 layout
credential-reports/date=YYYY-MM-DD/<account_id>.csv), one per account, and prints every finding.
Any invalid report stops the scan with an error naming its file, line and column.

Options:
  --as-of ISO          the instant findings are computed at, with a zone (2024-06-01T00:00:00Z),
                       or a date for midnight UTC; default: now
  --config FILE        JSON thresholds, e.g. {"rotation_days": 90, "unused_days": 45}
  --format FORMAT      table, json, csv or html; default: table on a terminal, json otherwise
  --out FILE           write the output to FILE instead of stdout
  --fail-on SEVERITY   exit 1 when a finding is this severe or more: critical, high, medium, low
  -h, --help           show this help

Exit status: 0 done, 1 a finding met --fail-on, 2 bad input or usage.
`;
