-- root-access-key: the root user has an active access key (CIS 1.4). Nothing should sign API calls
-- as root. Athena (Trino) SQL; the local engine runs this same text on DuckDB.
WITH params AS (
  SELECT
    from_iso8601_timestamp(?) AS as_of,
    CAST(? AS varchar) AS report_date
),
root_users AS (
  SELECT r.*
  FROM credential_report r
  CROSS JOIN params p
  WHERE r."date" = p.report_date
    AND r."user" = '<root_account>'
),
access_keys AS (
  SELECT
    arn,
    "user" AS user_name,
    'access_key_1' AS credential,
    access_key_1_active AS active,
    CASE WHEN access_key_1_last_rotated LIKE '____-__-__T%' THEN from_iso8601_timestamp(access_key_1_last_rotated) END AS created_at,
    CASE WHEN access_key_1_last_used_date LIKE '____-__-__T%' THEN from_iso8601_timestamp(access_key_1_last_used_date) END AS last_used_at
  FROM root_users
  UNION ALL
  SELECT
    arn,
    "user",
    'access_key_2',
    access_key_2_active,
    CASE WHEN access_key_2_last_rotated LIKE '____-__-__T%' THEN from_iso8601_timestamp(access_key_2_last_rotated) END,
    CASE WHEN access_key_2_last_used_date LIKE '____-__-__T%' THEN from_iso8601_timestamp(access_key_2_last_used_date) END
  FROM root_users
)
SELECT
  split_part(k.arn, ':', 5) AS account_id,
  k.user_name,
  k.arn AS user_arn,
  k.credential,
  k.created_at,
  k.last_used_at,
  CAST(floor((to_unixtime(p.as_of) - to_unixtime(k.created_at)) / 86400) AS integer) AS days
FROM access_keys k
CROSS JOIN params p
WHERE k.active = 'true'
ORDER BY account_id, user_name, credential
