-- ak-usage: an active access key not used for more than unused_days, or never used and created more
-- than unused_days ago (CIS 1.12). Athena (Trino) SQL; the local engine runs this same text on DuckDB.
-- "Never used" is a last-used cell without a timestamp (IAM writes N/A). Every timestamp is parsed
-- inside a CASE guard: Trino may evaluate both sides of an AND, so a bare parse of N/A would fail.
WITH params AS (
  SELECT
    from_iso8601_timestamp(?) AS as_of,
    CAST(? AS varchar) AS report_date,
    CAST(? AS integer) AS unused_days
),
users AS (
  SELECT r.*
  FROM credential_report r
  CROSS JOIN params p
  WHERE r."date" = p.report_date
    AND r."user" <> '<root_account>'
),
access_keys AS (
  SELECT
    arn,
    "user" AS user_name,
    'access_key_1' AS credential,
    access_key_1_active AS active,
    CASE WHEN access_key_1_last_rotated LIKE '____-__-__T%' THEN from_iso8601_timestamp(access_key_1_last_rotated) END AS created_at,
    CASE WHEN access_key_1_last_used_date LIKE '____-__-__T%' THEN from_iso8601_timestamp(access_key_1_last_used_date) END AS last_used_at
  FROM users
  UNION ALL
  SELECT
    arn,
    "user",
    'access_key_2',
    access_key_2_active,
    CASE WHEN access_key_2_last_rotated LIKE '____-__-__T%' THEN from_iso8601_timestamp(access_key_2_last_rotated) END,
    CASE WHEN access_key_2_last_used_date LIKE '____-__-__T%' THEN from_iso8601_timestamp(access_key_2_last_used_date) END
  FROM users
),
idle_keys AS (
  -- Idle since the last use, or since creation for a key that was never used.
  SELECT k.*, coalesce(k.last_used_at, k.created_at) AS idle_since
  FROM access_keys k
  WHERE k.active = 'true'
)
SELECT
  split_part(k.arn, ':', 5) AS account_id,
  k.user_name,
  k.arn AS user_arn,
  k.credential,
  k.created_at,
  k.last_used_at,
  CAST(floor((to_unixtime(p.as_of) - to_unixtime(k.idle_since)) / 86400) AS integer) AS days
FROM idle_keys k
CROSS JOIN params p
WHERE to_unixtime(p.as_of) - to_unixtime(k.idle_since) > p.unused_days * 86400
ORDER BY account_id, user_name, credential
