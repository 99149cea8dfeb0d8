-- admin-access-granted: a user or role administrator-equivalent in the day's inventory snapshot
-- (AdministratorAccess, or an Allow of * on *, directly or through a group) that was not the day before,
-- or did not exist: one row per source of that access (admin_sources), saying how it came, e.g.
-- "added to group admins, which holds managed policy AdministratorAccess". A principal that was already
-- administrator-equivalent is not reported again when it gains another source. Only accounts with a
-- snapshot on both dates are compared.
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
previous_users AS (
  SELECT u.account_id, u.user_name, u.admin_equivalent, u."groups"
  FROM inventory_users u
  CROSS JOIN params p
  WHERE u."date" = p.previous_date
    AND u.account_id IN (SELECT account_id FROM compared_accounts)
),
previous_roles AS (
  SELECT r.account_id, r.role_name, r.admin_equivalent
  FROM inventory_roles r
  CROSS JOIN params p
  WHERE r."date" = p.previous_date
    AND r.account_id IN (SELECT account_id FROM compared_accounts)
),
granted AS (
  SELECT
    u.account_id,
    'user' AS principal_type,
    u.user_name AS principal_name,
    u.arn,
    s.source,
    y."groups" AS previous_groups,
    y.user_name IS NULL AS is_new
  FROM inventory_users u
  CROSS JOIN UNNEST(u.admin_sources) AS s(source)
  CROSS JOIN params p
  LEFT JOIN previous_users y ON y.account_id = u.account_id AND y.user_name = u.user_name
  WHERE u."date" = p.snapshot_date
    AND u.account_id IN (SELECT account_id FROM compared_accounts)
    AND u.admin_equivalent
    AND (y.user_name IS NULL OR NOT y.admin_equivalent)
  UNION ALL
  SELECT
    r.account_id,
    'role',
    r.role_name,
    r.arn,
    s.source,
    NULL,
    y.role_name IS NULL
  FROM inventory_roles r
  CROSS JOIN UNNEST(r.admin_sources) AS s(source)
  CROSS JOIN params p
  LEFT JOIN previous_roles y ON y.account_id = r.account_id AND y.role_name = r.role_name
  WHERE r."date" = p.snapshot_date
    AND r.account_id IN (SELECT account_id FROM compared_accounts)
    AND r.admin_equivalent
    AND (y.role_name IS NULL OR NOT y.admin_equivalent)
),
-- A source is managed:<policy>, inline:<policy>, or either through a group: group:<group>/managed:<policy>.
-- IAM names hold no '/' or ':', so the parts split cleanly.
sources AS (
  SELECT
    g.*,
    CASE WHEN g.source LIKE 'group:%' THEN split_part(substr(g.source, 7), '/', 1) END AS group_name,
    CASE WHEN g.source LIKE 'group:%' THEN substr(g.source, strpos(g.source, '/') + 1) ELSE g.source END AS holding
  FROM granted g
),
grants AS (
  SELECT
    s.*,
    split_part(s.holding, ':', 1) || ' policy ' || substr(s.holding, strpos(s.holding, ':') + 1)
      || CASE WHEN s.holding = 'managed:AdministratorAccess' THEN '' ELSE ' (Allow * on *)' END AS policy
  FROM sources s
)
SELECT
  g.account_id,
  'admin-access-granted' AS change,
  g.principal_type,
  g.principal_name,
  g.arn AS principal_arn,
  g.source AS subject,
  CASE
    WHEN g.group_name IS NULL THEN CASE WHEN g.is_new THEN 'created holding ' ELSE 'holds ' END || g.policy
    WHEN g.previous_groups IS NULL OR NOT contains(g.previous_groups, g.group_name)
      THEN 'added to group ' || g.group_name || ', which holds ' || g.policy
    ELSE 'through group ' || g.group_name || ', which now holds ' || g.policy
  END AS detail,
  p.snapshot_date
FROM grants g
CROSS JOIN params p
ORDER BY account_id, principal_type, principal_name, change, subject
