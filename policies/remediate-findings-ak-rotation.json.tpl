{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "AssumeOnlyTheRemediationRoleInTheAccountsInScope",
      "Effect": "Allow",
      "Action": "sts:AssumeRole",
      "Resource": "${member_role_arn_pattern}",
      "Condition": ${member_role_condition}
    },
    {
      "Sid": "ReadThisRemediationsTargets",
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "${bucket_arn}/targets/*/ak-rotation.jsonl"
    },
    {
      "Sid": "ListTheRunsCredentialReportsForFollowUpDeletions",
      "Effect": "Allow",
      "Action": "s3:ListBucket",
      "Resource": "${bucket_arn}",
      "Condition": { "StringLike": { "s3:prefix": "credential-reports/*" } }
    },
    {
      "Sid": "ReadTheRunsCredentialReportsForFollowUpDeletions",
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "${bucket_arn}/credential-reports/*"
    },
    {
      "Sid": "WriteThisFunctionsActionLog",
      "Effect": "Allow",
      "Action": "s3:PutObject",
      "Resource": "${bucket_arn}/actions/*/remediate-findings-ak-rotation.jsonl"
    },
    {
      "Sid": "QueueThisFunctionsOwnerNoticesForSummariseRun",
      "Effect": "Allow",
      "Action": "s3:PutObject",
      "Resource": "${bucket_arn}/notices/*/remediate-findings-ak-rotation.jsonl"
    },
    {
      "Sid": "AlertOpsOnFailuresAndDeferrals",
      "Effect": "Allow",
      "Action": "sns:Publish",
      "Resource": "${topic_arn}"
    },
    {
      "Sid": "DecryptTargetsAndReportsEncryptTheActionLogAndTheAlert",
      "Effect": "Allow",
      "Action": ["kms:GenerateDataKey", "kms:Decrypt"],
      "Resource": "${kms_key_arn}"
    }
  ]
}
