-- access-keys-added-removed: an access key in the day's inventory snapshot and not in the previous one
-- (access-key-created), or the other way round (access-key-deleted), by key id. A user deleted with
-- its keys shows here too: IAM deletes a user's keys before the user. Only accounts with a snapshot on
-- both dates are compared.
-- Athena (Trino) SQL; the local engine runs this same text on DuckDB. The keys are read by position
-- (access_keys[n]) rather than by UNNEST(access_keys): Trino expands an UNNEST of rows into one column
-- per field where DuckDB keeps one struct column, so no alias list reads the same on both.
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
access_keys AS (
  SELECT
    u."date",
    u.account_id,
    u.user_name,
    u.arn,
    u.access_keys[k.n].access_key_id AS access_key_id,
    u.access_keys[k.n].status AS status,
    u.access_keys[k.n].created_at AS created_at
  FROM inventory_users u
  CROSS JOIN UNNEST(sequence(1, cardinality(u.access_keys))) AS k(n)
  CROSS JOIN params p
  WHERE u."date" IN (p.snapshot_date, p.previous_date)
    AND cardinality(u.access_keys) > 0
    AND u.account_id IN (SELECT account_id FROM compared_accounts)
),
today AS (
  SELECT a.* FROM access_keys a CROSS JOIN params p WHERE a."date" = p.snapshot_date
),
previous AS (
  SELECT a.* FROM access_keys a CROSS JOIN params p WHERE a."date" = p.previous_date
)
SELECT
  t.account_id,
  'access-key-created' AS change,
  'user' AS principal_type,
  t.user_name AS principal_name,
  t.arn AS principal_arn,
  t.access_key_id AS subject,
  lower(t.status) || ' key created ' || t.created_at AS detail,
  p.snapshot_date
FROM today t
CROSS JOIN params p
LEFT JOIN previous y ON y.account_id = t.account_id AND y.access_key_id = t.access_key_id
WHERE y.access_key_id IS NULL
UNION ALL
SELECT
  y.account_id,
  'access-key-deleted',
  'user',
  y.user_name,
  y.arn,
  y.access_key_id,
  lower(y.status) || ' key deleted (created ' || y.created_at || ')',
  p.snapshot_date
FROM previous y
CROSS JOIN params p
LEFT JOIN today t ON t.account_id = y.account_id AND t.access_key_id = y.access_key_id
WHERE t.access_key_id IS NULL
ORDER BY account_id, principal_type, principal_name, change, subject
