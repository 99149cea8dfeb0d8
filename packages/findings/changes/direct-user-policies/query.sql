-- direct-user-policies: every user of the day's inventory snapshot holding a policy of its own, a
-- managed policy attached to the user or an inline policy, one row per policy (CIS AWS Foundations
-- Benchmark v3.0.0, 1.15: IAM users receive permissions only through groups). The state of the day,
-- not a change: it does not read the previous snapshot.
-- Athena (Trino) SQL; the local engine runs this same text on DuckDB.
WITH params AS (
  SELECT CAST(? AS varchar) AS snapshot_date
),
direct_policies AS (
  SELECT u.account_id, u.user_name, u.arn, 'managed' AS policy_type, a.policy_name
  FROM inventory_users u
  CROSS JOIN UNNEST(u.attached_policies) AS a(policy_name)
  CROSS JOIN params p
  WHERE u."date" = p.snapshot_date
  UNION ALL
  SELECT u.account_id, u.user_name, u.arn, 'inline', i.policy_name
  FROM inventory_users u
  CROSS JOIN UNNEST(u.inline_policies) AS i(policy_name)
  CROSS JOIN params p
  WHERE u."date" = p.snapshot_date
)
SELECT
  d.account_id,
  'direct-user-policy' AS change,
  'user' AS principal_type,
  d.user_name AS principal_name,
  d.arn AS principal_arn,
  d.policy_name AS subject,
  d.policy_type || ' policy ' || d.policy_name || ' held by the user itself, not through a group' AS detail,
  p.snapshot_date
FROM direct_policies d
CROSS JOIN params p
ORDER BY account_id, principal_type, principal_name, change, subject
