-- cert-rotation: an active X.509 signing certificate uploaded (last rotated) more than
-- cert_rotation_days ago. Athena (Trino) SQL; the local engine runs this same text on DuckDB.
-- cert_N_last_rotated is N/A without a certificate, so it is parsed inside a CASE guard only.
WITH params AS (
  SELECT
    from_iso8601_timestamp(?) AS as_of,
    CAST(? AS varchar) AS report_date,
    CAST(? AS integer) AS cert_rotation_days
),
users AS (
  SELECT r.*
  FROM credential_report r
  CROSS JOIN params p
  WHERE r."date" = p.report_date
    AND r."user" <> '<root_account>'
),
certificates AS (
  SELECT
    arn,
    "user" AS user_name,
    'cert_1' AS credential,
    cert_1_active AS active,
    CASE WHEN cert_1_last_rotated LIKE '____-__-__T%' THEN from_iso8601_timestamp(cert_1_last_rotated) END AS created_at
  FROM users
  UNION ALL
  SELECT
    arn,
    "user",
    'cert_2',
    cert_2_active,
    CASE WHEN cert_2_last_rotated LIKE '____-__-__T%' THEN from_iso8601_timestamp(cert_2_last_rotated) END
  FROM users
)
SELECT
  split_part(c.arn, ':', 5) AS account_id,
  c.user_name,
  c.arn AS user_arn,
  c.credential,
  c.created_at,
  -- The credential report does not record when a signing certificate was last used.
  CAST(NULL AS timestamp with time zone) AS last_used_at,
  CAST(floor((to_unixtime(p.as_of) - to_unixtime(c.created_at)) / 86400) AS integer) AS days
FROM certificates c
CROSS JOIN params p
WHERE c.active = 'true'
  AND to_unixtime(p.as_of) - to_unixtime(c.created_at) > p.cert_rotation_days * 86400
ORDER BY account_id, user_name, credential
