-- review-revoke: a user its owner flagged for removal by tagging it credential-tracker:review = revoke,
-- as the inventory of the run's date shows it (inventory_users.review is the tag's value, trimmed and
-- lower-cased), that its credential report of the same date does not show disabled yet: a console
-- password or an active key, or no report row at all (the remediation then reads the live state).
-- The remediation re-reads the tag before it removes the password and deactivates the keys.
-- Athena (Trino) SQL; the local engine runs this same text on DuckDB. No time applies but the user's
-- creation, so the other time columns are typed NULLs.
WITH params AS (
  SELECT
    from_iso8601_timestamp(?) AS as_of,
    CAST(? AS varchar) AS report_date
),
flagged AS (
  SELECT u.account_id, u.user_name, u.arn, u.created_at
  FROM inventory_users u
  CROSS JOIN params p
  WHERE u."date" = p.report_date
    AND u.review = 'revoke'
),
reports AS (
  SELECT r.arn, r.password_enabled, r.access_key_1_active, r.access_key_2_active
  FROM credential_report r
  CROSS JOIN params p
  WHERE r."date" = p.report_date
)
SELECT
  f.account_id,
  f.user_name,
  f.arn AS user_arn,
  'user' AS credential,
  CASE WHEN f.created_at LIKE '____-__-__T%' THEN from_iso8601_timestamp(f.created_at) END AS created_at,
  CAST(NULL AS timestamp with time zone) AS last_used_at,
  CAST(NULL AS integer) AS days
FROM flagged f
LEFT JOIN reports r ON r.arn = f.arn
WHERE r.arn IS NULL
  OR r.password_enabled = 'true'
  OR r.access_key_1_active = 'true'
  OR r.access_key_2_active = 'true'
ORDER BY account_id, user_name, credential
