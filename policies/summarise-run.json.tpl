{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ReadTargets",
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "${bucket_arn}/targets/*"
    },
    {
      "Sid": "ReadTheAccountsMapResults",
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "${bucket_arn}/account-runs/*"
    },
    {
      "Sid": "WriteRunSummaries",
      "Effect": "Allow",
      "Action": "s3:PutObject",
      "Resource": "${bucket_arn}/runs/*"
    },
    {
      "Sid": "ListTheRunsOwnerNotices",
      "Effect": "Allow",
      "Action": "s3:ListBucket",
      "Resource": "${bucket_arn}",
      "Condition": { "StringLike": { "s3:prefix": "notices/*" } }
    },
    {
      "Sid": "ReadTheRunsOwnerNotices",
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "${bucket_arn}/notices/*"
    },
    {
      "Sid": "EmailOwnersOnlyFromTheConfiguredSender",
      "Effect": "Allow",
      "Action": "ses:SendEmail",
      "Resource": "arn:${partition}:ses:${region}:${account_id}:identity/*",
      "Condition": { "StringEquals": { "ses:FromAddress": "${notify_from}" } }
    },
    {
      "Sid": "PublishTheSummary",
      "Effect": "Allow",
      "Action": "sns:Publish",
      "Resource": "${topic_arn}"
    },
    {
      "Sid": "DecryptTargetsAndNoticesEncryptSummaryAndMessage",
      "Effect": "Allow",
      "Action": ["kms:GenerateDataKey", "kms:Decrypt"],
      "Resource": "${kms_key_arn}"
    }
  ]
}
