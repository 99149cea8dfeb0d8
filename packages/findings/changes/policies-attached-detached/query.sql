-- policies-attached-detached: a policy a user, group or role holds in the day's inventory snapshot and
-- did not hold in the previous one (policy-attached), or the other way round (policy-detached): managed
-- policies (AWS or customer) attached to the principal itself and its inline policies, by name. A
-- principal created or deleted with policies shows here too: IAM attaches and detaches them one by one.
-- What a user holds through its groups is the group's (see admin-access-granted for what it grants).
-- Only accounts with a snapshot on both dates are compared.
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
holdings AS (
  SELECT u."date", u.account_id, 'user' AS principal_type, u.user_name AS principal_name, u.arn, 'managed' AS policy_type, h.policy_name
  FROM inventory_users u
  CROSS JOIN UNNEST(u.attached_policies) AS h(policy_name)
  CROSS JOIN params p
  WHERE u."date" IN (p.snapshot_date, p.previous_date)
    AND u.account_id IN (SELECT account_id FROM compared_accounts)
  UNION ALL
  SELECT u."date", u.account_id, 'user' AS principal_type, u.user_name AS principal_name, u.arn, 'inline' AS policy_type, h.policy_name
  FROM inventory_users u
  CROSS JOIN UNNEST(u.inline_policies) AS h(policy_name)
  CROSS JOIN params p
  WHERE u."date" IN (p.snapshot_date, p.previous_date)
    AND u.account_id IN (SELECT account_id FROM compared_accounts)
  UNION ALL
  SELECT g."date", g.account_id, 'group' AS principal_type, g.group_name AS principal_name, g.arn, 'managed' AS policy_type, h.policy_name
  FROM inventory_groups g
  CROSS JOIN UNNEST(g.attached_policies) AS h(policy_name)
  CROSS JOIN params p
  WHERE g."date" IN (p.snapshot_date, p.previous_date)
    AND g.account_id IN (SELECT account_id FROM compared_accounts)
  UNION ALL
  SELECT g."date", g.account_id, 'group' AS principal_type, g.group_name AS principal_name, g.arn, 'inline' AS policy_type, h.policy_name
  FROM inventory_groups g
  CROSS JOIN UNNEST(g.inline_policies) AS h(policy_name)
  CROSS JOIN params p
  WHERE g."date" IN (p.snapshot_date, p.previous_date)
    AND g.account_id IN (SELECT account_id FROM compared_accounts)
  UNION ALL
  SELECT r."date", r.account_id, 'role' AS principal_type, r.role_name AS principal_name, r.arn, 'managed' AS policy_type, h.policy_name
  FROM inventory_roles r
  CROSS JOIN UNNEST(r.attached_policies) AS h(policy_name)
  CROSS JOIN params p
  WHERE r."date" IN (p.snapshot_date, p.previous_date)
    AND r.account_id IN (SELECT account_id FROM compared_accounts)
  UNION ALL
  SELECT r."date", r.account_id, 'role' AS principal_type, r.role_name AS principal_name, r.arn, 'inline' AS policy_type, h.policy_name
  FROM inventory_roles r
  CROSS JOIN UNNEST(r.inline_policies) AS h(policy_name)
  CROSS JOIN params p
  WHERE r."date" IN (p.snapshot_date, p.previous_date)
    AND r.account_id IN (SELECT account_id FROM compared_accounts)
),
today AS (
  SELECT h.* FROM holdings h CROSS JOIN params p WHERE h."date" = p.snapshot_date
),
previous AS (
  SELECT h.* FROM holdings h CROSS JOIN params p WHERE h."date" = p.previous_date
)
SELECT
  t.account_id,
  'policy-attached' AS change,
  t.principal_type,
  t.principal_name,
  t.arn AS principal_arn,
  t.policy_name AS subject,
  t.policy_type || ' policy ' || t.policy_name || ' attached' AS detail,
  p.snapshot_date
FROM today t
CROSS JOIN params p
LEFT JOIN previous y
  ON y.account_id = t.account_id
  AND y.principal_type = t.principal_type
  AND y.principal_name = t.principal_name
  AND y.policy_type = t.policy_type
  AND y.policy_name = t.policy_name
WHERE y.policy_name IS NULL
UNION ALL
SELECT
  y.account_id,
  'policy-detached',
  y.principal_type,
  y.principal_name,
  y.arn,
  y.policy_name,
  y.policy_type || ' policy ' || y.policy_name || ' detached',
  p.snapshot_date
FROM previous y
CROSS JOIN params p
LEFT JOIN today t
  ON t.account_id = y.account_id
  AND t.principal_type = y.principal_type
  AND t.principal_name = y.principal_name
  AND t.policy_type = y.policy_type
  AND t.policy_name = y.policy_name
WHERE t.policy_name IS NULL
ORDER BY account_id, principal_type, principal_name, change, subject
