-- root-usage: the root user signed in with its password or signed a request with one of its access
-- keys less than root_usage_days ago (CIS 1.7). Athena (Trino) SQL; the local engine runs this same
-- text on DuckDB. The most recent use is max() over a UNION ALL, not greatest(): Trino's greatest()
-- is NULL when any argument is NULL while DuckDB's skips NULLs, and a never-used key is NULL here.
-- A key counts whatever its status: a key used last week and deactivated since still was root use.
WITH params AS (
  SELECT
    from_iso8601_timestamp(?) AS as_of,
    CAST(? AS varchar) AS report_date,
    CAST(? AS integer) AS root_usage_days
),
root_users AS (
  SELECT r.*
  FROM credential_report r
  CROSS JOIN params p
  WHERE r."date" = p.report_date
    AND r."user" = '<root_account>'
),
root_uses AS (
  SELECT arn, "user", user_creation_time, password_last_used AS used FROM root_users
  UNION ALL
  SELECT arn, "user", user_creation_time, access_key_1_last_used_date FROM root_users
  UNION ALL
  SELECT arn, "user", user_creation_time, access_key_2_last_used_date FROM root_users
),
last_root_use AS (
  SELECT
    arn,
    "user" AS user_name,
    CASE WHEN user_creation_time LIKE '____-__-__T%' THEN from_iso8601_timestamp(user_creation_time) END AS created_at,
    max(CASE WHEN used LIKE '____-__-__T%' THEN from_iso8601_timestamp(used) END) AS last_used_at
  FROM root_uses
  GROUP BY arn, "user", user_creation_time
)
SELECT
  split_part(u.arn, ':', 5) AS account_id,
  u.user_name,
  u.arn AS user_arn,
  'root' AS credential,
  u.created_at,
  u.last_used_at,
  -- A use after as-of (the report is newer than the as-of time asked for) is 0 days ago, not minus.
  CASE
    WHEN u.last_used_at > p.as_of THEN 0
    ELSE CAST(floor((to_unixtime(p.as_of) - to_unixtime(u.last_used_at)) / 86400) AS integer)
  END AS days
FROM last_root_use u
CROSS JOIN params p
WHERE to_unixtime(p.as_of) - to_unixtime(u.last_used_at) < p.root_usage_days * 86400
ORDER BY account_id, user_name, credential
