-- review-flagged: a user whose credential-tracker:review tag (its value, trimmed and lower-cased: the
-- inventory's review) is set in the day's inventory snapshot and differs from the day before
-- (review-flagged: newly set, or changed, e.g. to revoke), or was set the day before and is gone
-- (review-cleared). A new user created with the tag is flagged. Only accounts with a snapshot on both
-- dates are compared.
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
  SELECT u.account_id, u.user_name, u.arn, u.review
  FROM inventory_users u
  CROSS JOIN params p
  WHERE u."date" = p.snapshot_date
    AND u.account_id IN (SELECT account_id FROM compared_accounts)
),
previous AS (
  SELECT u.account_id, u.user_name, u.arn, u.review
  FROM inventory_users u
  CROSS JOIN params p
  WHERE u."date" = p.previous_date
    AND u.account_id IN (SELECT account_id FROM compared_accounts)
)
SELECT
  t.account_id,
  CASE WHEN t.review IS NULL THEN 'review-cleared' ELSE 'review-flagged' END AS change,
  'user' AS principal_type,
  t.user_name AS principal_name,
  t.arn AS principal_arn,
  coalesce(t.review, y.review) AS subject,
  CASE
    WHEN t.review IS NULL THEN 'credential-tracker:review ' || y.review || ' removed'
    WHEN y.review IS NULL THEN 'credential-tracker:review set to ' || t.review
    ELSE 'credential-tracker:review set to ' || t.review || ' (was ' || y.review || ')'
  END AS detail,
  p.snapshot_date
FROM today t
CROSS JOIN params p
LEFT JOIN previous y ON y.account_id = t.account_id AND y.user_name = t.user_name
WHERE t.review IS DISTINCT FROM y.review
ORDER BY account_id, principal_type, principal_name, change, subject
