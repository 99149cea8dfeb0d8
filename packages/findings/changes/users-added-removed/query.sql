-- users-added-removed: an IAM user in the day's inventory snapshot and not in the previous one
-- (user-added), or the other way round (user-removed). Users are matched by their unique id, so a user
-- deleted and created again under the same name is both. Only accounts with a snapshot on both dates are
-- compared: an account's first snapshot is its baseline, and a day its inventory failed hides nothing.
-- Athena (Trino) SQL; the local engine runs this same text on DuckDB.
WITH params AS (
  SELECT
    CAST(? AS varchar) AS snapshot_date,
    CAST(? AS varchar) AS previous_date
),
snapshots AS (
  SELECT t."date", t.account_id FROM inventory_users t CROSS JOIN params p WHERE t."date" IN (p.snapshot_date, p.previous_date)
  UNION
  SELECT t."date", t.account_id FROM inventory_groups t CROSS JOIN params p WHERE t."date" IN (p.snapshot_date, p.previous_date)
  UNION
  SELECT t."date", t.account_id FROM inventory_roles t CROSS JOIN params p WHERE t."date" IN (p.snapshot_date, p.previous_date)
  UNION
  SELECT t."date", t.account_id FROM inventory_policies t CROSS JOIN params p WHERE t."date" IN (p.snapshot_date, p.previous_date)
),
compared_accounts AS (
  SELECT account_id FROM snapshots GROUP BY account_id HAVING count(*) = 2
),
today AS (
  SELECT u.account_id, u.user_name, u.user_id, u.arn, u.created_at
  FROM inventory_users u
  CROSS JOIN params p
  WHERE u."date" = p.snapshot_date
    AND u.account_id IN (SELECT account_id FROM compared_accounts)
),
previous AS (
  SELECT u.account_id, u.user_name, u.user_id, u.arn, u.created_at
  FROM inventory_users u
  CROSS JOIN params p
  WHERE u."date" = p.previous_date
    AND u.account_id IN (SELECT account_id FROM compared_accounts)
)
SELECT
  t.account_id,
  'user-added' AS change,
  'user' AS principal_type,
  t.user_name AS principal_name,
  t.arn AS principal_arn,
  t.user_id AS subject,
  'user created ' || t.created_at AS detail,
  p.snapshot_date
FROM today t
CROSS JOIN params p
LEFT JOIN previous y ON y.account_id = t.account_id AND y.user_id = t.user_id
WHERE y.user_id IS NULL
UNION ALL
SELECT
  y.account_id,
  'user-removed',
  'user',
  y.user_name,
  y.arn,
  y.user_id,
  'user deleted (created ' || y.created_at || ')',
  p.snapshot_date
FROM previous y
CROSS JOIN params p
LEFT JOIN today t ON t.account_id = y.account_id AND t.user_id = y.user_id
WHERE t.user_id IS NULL
ORDER BY account_id, principal_type, principal_name, change, subject
