export const MAIN_HELP = `Usage: credential-tracker <command> [options]

Finds risky IAM credentials in AWS credential reports, with the same SQL the suite runs in Athena,
shows what its remediations would do, and renders access reviews from IAM inventories.

Commands:
  scan <file-or-dir>...   scan credential-report CSV files (directories are walked for *.csv)
  plan <file-or-dir>...   the remediation decisions the suite would take on those reports
  review <inventory-dir>  the access review of each account: users, groups, policies, admin access

Options:
  -h, --help              show this help (credential-tracker <command> --help for its options)
  --version               print the version

Exit status: 0 done, 1 a finding met scan's --fail-on, 2 bad input or usage.
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

export const PLAN_HELP = `Usage: credential-tracker plan <file-or-dir>... [options]

Reads IAM credential reports as scan does, runs the findings that have a remediation (ak-rotation,
ak-usage, cert-rotation, cred-usage, review-revoke: it reads the inventory, so it finds nothing in
reports alone) and prints what the remediation planner decides for each: act
(planned here: this command never writes), deferred (past the blast-radius limits), warn or skip,
with the reason and the date of the next step. Read it before turning enforce on.

A report has no tags or groups: the exempt tag (credential-tracker:exempt=true) and exempt_groups
can only be applied in AWS. The root user, include_users and exclude_users are honoured here.

Options:
  --as-of ISO          the instant the plan is made at, with a zone (2024-06-01T00:00:00Z),
                       or a date for midnight UTC; default: now
  --config FILE        JSON settings: thresholds, include_users, exclude_users, max_actions_per_run,
                       max_actions_per_account, enforce, ...
  --format FORMAT      table or json; default: table
  --out FILE           write the output to FILE instead of stdout
  -h, --help           show this help

Exit status: 0 done, 2 bad input or usage.
`;

export const REVIEW_HELP = `Usage: credential-tracker review <inventory-dir> [options]

Renders the access review of each account from the IAM inventory collect-inventory writes (the
bucket's inventory/ prefix, e.g. after aws s3 sync; users, groups, roles and policies of each account):
every IAM user with its groups, its managed and inline policies (direct and through each group),
whether it is admin-equivalent and why, its access keys, and, from the same day's credential
reports, its console password, MFA, last activity and open findings (a local scan, as scan does).
Without --reports those columns say unknown. Any invalid file stops with its file and line.

The page shows the account owner how to flag a user for removal: the user tag
credential-tracker:review = revoke.

Options:
  --date YYYY-MM-DD    the inventory's date; default: the latest under <inventory-dir>
  --account ID         review this account only (repeatable); default: every account of the date
  --reports DIR        credential reports; those in a date= folder of another date are left out
  --as-of ISO          the instant key ages and findings are computed at, with a zone
                       (2024-06-01T00:15:00Z), or a date for midnight UTC; default: the start of
                       the inventory's date (UTC)
  --config FILE        JSON thresholds for the findings, as scan's
  --format FORMAT      html or csv; default: csv when --out ends in .csv, html otherwise
  --out PATH           one account: the file to write (a directory: written inside it);
                       several accounts: a directory (made if missing), one
                       access-review-<account_id>-<date>.<format> each, their paths printed;
                       default: stdout, for one account only
  -h, --help           show this help

Exit status: 0 done, 2 bad input or usage.
`;

/** The help text of each topic: the top level and each command. */
export const HELP = { main: MAIN_HELP, scan: SCAN_HELP, plan: PLAN_HELP, review: REVIEW_HELP } as const;
