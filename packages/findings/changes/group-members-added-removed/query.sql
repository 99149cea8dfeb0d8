-- group-members-added-removed: a user in a group in the day's inventory snapshot and not in the
-- previous one (group-member-added), or the other way round (group-member-removed), by user and group
-- name. A user created or deleted with groups shows here too. What the group grants is the group's:
-- admin-access-granted names a user who became administrator-equivalent through it. Only accounts with
-- a snapshot on both dates are compared.
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
memberships AS (
  SELECT u."date", u.account_id, u.user_name, u.arn, m.group_name
  FROM inventory_users u
  CROSS JOIN UNNEST(u."groups") AS m(group_name)
  CROSS JOIN params p
  WHERE u."date" IN (p.snapshot_date, p.previous_date)
    AND u.account_id IN (SELECT account_id FROM compared_accounts)
),
today AS (
  SELECT m.* FROM memberships m CROSS JOIN params p WHERE m."date" = p.snapshot_date
),
previous AS (
  SELECT m.* FROM memberships m CROSS JOIN params p WHERE m."date" = p.previous_date
)
SELECT
  t.account_id,
  'group-member-added' AS change,
  'user' AS principal_type,
  t.user_name AS principal_name,
  t.arn AS principal_arn,
  t.group_name AS subject,
  'added to group ' || t.group_name AS detail,
  p.snapshot_date
FROM today t
CROSS JOIN params p
LEFT JOIN previous y
  ON y.account_id = t.account_id AND y.user_name = t.user_name AND y.group_name = t.group_name
WHERE y.group_name IS NULL
UNION ALL
SELECT
  y.account_id,
  'group-member-removed',
  'user',
  y.user_name,
  y.arn,
  y.group_name,
  'removed from group ' || y.group_name,
  p.snapshot_date
FROM previous y
CROSS JOIN params p
LEFT JOIN today t
  ON t.account_id = y.account_id AND t.user_name = y.user_name AND t.group_name = y.group_name
WHERE t.group_name IS NULL
ORDER BY account_id, principal_type, principal_name, change, subject
