-- console-mfa: a user who can sign in to the console with a password but has no MFA device (CIS 1.10).
-- Athena (Trino) SQL; the local engine runs this same text on DuckDB. No time applies, so the time
-- columns are typed NULLs: every finding returns the same column types.
WITH params AS (
  SELECT
    from_iso8601_timestamp(?) AS as_of,
    CAST(? AS varchar) AS report_date
)
SELECT
  split_part(r.arn, ':', 5) AS account_id,
  r."user" AS user_name,
  r.arn AS user_arn,
  'mfa' AS credential,
  CAST(NULL AS timestamp with time zone) AS created_at,
  CAST(NULL AS timestamp with time zone) AS last_used_at,
  CAST(NULL AS integer) AS days
FROM credential_report r
CROSS JOIN params p
WHERE r."date" = p.report_date
  AND r."user" <> '<root_account>'
  AND r.password_enabled = 'true'
  AND r.mfa_active = 'false'
ORDER BY account_id, user_name, credential
