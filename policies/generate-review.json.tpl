{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ListTheDaysInventoryReportsAndRunSummaries",
      "Effect": "Allow",
      "Action": "s3:ListBucket",
      "Resource": "${bucket_arn}",
      "Condition": {
        "StringLike": { "s3:prefix": ["inventory/*", "credential-reports/*", "runs/*"] }
      }
    },
    {
      "Sid": "ReadInventoryReportsRunSummariesAndTargets",
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": [
        "${bucket_arn}/inventory/*",
        "${bucket_arn}/credential-reports/*",
        "${bucket_arn}/runs/*",
        "${bucket_arn}/targets/*"
      ]
    },
    {
      "Sid": "WriteReviews",
      "Effect": "Allow",
      "Action": "s3:PutObject",
      "Resource": "${bucket_arn}/reviews/*"
    },
    {
      "Sid": "DecryptWhatItReadsEncryptReviewsAndFailureRecords",
      "Effect": "Allow",
      "Action": ["kms:GenerateDataKey", "kms:Decrypt"],
      "Resource": "${kms_key_arn}"
    },
    {
      "Sid": "EmailReviewsOnlyFromTheConfiguredSender",
      "Effect": "Allow",
      "Action": "ses:SendRawEmail",
      "Resource": "arn:${partition}:ses:${region}:${account_id}:identity/*",
      "Condition": { "StringEquals": { "ses:FromAddress": "${notify_from}" } }
    },
    {
      "Sid": "OrganizationsDescribeAccountOfTheOrganizationsAccounts",
      "Effect": "Allow",
      "Action": "organizations:DescribeAccount",
      "Resource": "arn:${partition}:organizations::*:account/o-*/*"
    },
    {
      "Sid": "SendFailedScheduledInvocationsToTheTopic",
      "Effect": "Allow",
      "Action": "sns:Publish",
      "Resource": "${topic_arn}"
    }
  ]
}
