-- roles-added-removed: an IAM role in the day's inventory snapshot and not in the previous one
-- (role-added), or the other way round (role-removed). Roles are matched by their unique id, so a role
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
  SELECT r.account_id, r.role_name, r.role_id, r.arn, r.created_at, r.service_linked
  FROM inventory_roles r
  CROSS JOIN params p
  WHERE r."date" = p.snapshot_date
    AND r.account_id IN (SELECT account_id FROM compared_accounts)
),
previous AS (
  SELECT r.account_id, r.role_name, r.role_id, r.arn, r.created_at, r.service_linked
  FROM inventory_roles r
  CROSS JOIN params p
  WHERE r."date" = p.previous_date
    AND r.account_id IN (SELECT account_id FROM compared_accounts)
)
SELECT
  t.account_id,
  'role-added' AS change,
  'role' AS principal_type,
  t.role_name AS principal_name,
  t.arn AS principal_arn,
  t.role_id AS subject,
  CASE WHEN t.service_linked THEN 'service-linked role created ' ELSE 'role created ' END || t.created_at AS detail,
  p.snapshot_date
FROM today t
CROSS JOIN params p
LEFT JOIN previous y ON y.account_id = t.account_id AND y.role_id = t.role_id
WHERE y.role_id IS NULL
UNION ALL
SELECT
  y.account_id,
  'role-removed',
  'role',
  y.role_name,
  y.arn,
  y.role_id,
  CASE WHEN y.service_linked THEN 'service-linked role deleted (created ' ELSE 'role deleted (created ' END || y.created_at || ')',
  p.snapshot_date
FROM previous y
CROSS JOIN params p
LEFT JOIN today t ON t.account_id = y.account_id AND t.role_id = y.role_id
WHERE t.role_id IS NULL
ORDER BY account_id, principal_type, principal_name, change, subject
