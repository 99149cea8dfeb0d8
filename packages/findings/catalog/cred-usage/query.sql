-- cred-usage: a console password not used for more than unused_days, or never used and set more than
-- unused_days ago (CIS 1.12). Athena (Trino) SQL; the local engine runs this same text on DuckDB.
-- IAM writes no_information for a password never used (or not used since October 2014) and N/A when
-- there is no password; password_last_changed is N/A for some users, then user_creation_time dates
-- the password. Every timestamp is parsed inside a CASE guard: Trino may evaluate both sides of an AND.
WITH params AS (
  SELECT
    from_iso8601_timestamp(?) AS as_of,
    CAST(? AS varchar) AS report_date,
    CAST(? AS integer) AS unused_days
),
passwords AS (
  SELECT
    r.arn,
    r."user" AS user_name,
    coalesce(
      CASE WHEN r.password_last_changed LIKE '____-__-__T%' THEN from_iso8601_timestamp(r.password_last_changed) END,
      CASE WHEN r.user_creation_time LIKE '____-__-__T%' THEN from_iso8601_timestamp(r.user_creation_time) END
    ) AS created_at,
    CASE WHEN r.password_last_used LIKE '____-__-__T%' THEN from_iso8601_timestamp(r.password_last_used) END AS last_used_at
  FROM credential_report r
  CROSS JOIN params p
  WHERE r."date" = p.report_date
    AND r."user" <> '<root_account>'
    AND r.password_enabled = 'true'
),
idle_passwords AS (
  -- Idle since the last sign-in, or since the password was set when it was never used.
  SELECT w.*, coalesce(w.last_used_at, w.created_at) AS idle_since
  FROM passwords w
)
SELECT
  split_part(w.arn, ':', 5) AS account_id,
  w.user_name,
  w.arn AS user_arn,
  'password' AS credential,
  w.created_at,
  w.last_used_at,
  CAST(floor((to_unixtime(p.as_of) - to_unixtime(w.idle_since)) / 86400) AS integer) AS days
FROM idle_passwords w
CROSS JOIN params p
WHERE to_unixtime(p.as_of) - to_unixtime(w.idle_since) > p.unused_days * 86400
ORDER BY account_id, user_name, credential
