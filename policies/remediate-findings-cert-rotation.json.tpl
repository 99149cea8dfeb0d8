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
      "Resource": "${bucket_arn}/targets/*/cert-rotation.jsonl"
    },
    {
      "Sid": "WriteThisFunctionsActionLog",
      "Effect": "Allow",
      "Action": "s3:PutObject",
      "Resource": "${bucket_arn}/actions/*/remediate-findings-cert-rotation.jsonl"
    },
    {
      "Sid": "QueueThisFunctionsOwnerNoticesForSummariseRun",
      "Effect": "Allow",
      "Action": "s3:PutObject",
      "Resource": "${bucket_arn}/notices/*/remediate-findings-cert-rotation.jsonl"
    },
    {
      "Sid": "AlertOpsOnFailuresAndDeferrals",
      "Effect": "Allow",
      "Action": "sns:Publish",
      "Resource": "${topic_arn}"
    },
    {
      "Sid": "DecryptTargetsEncryptTheActionLogAndTheAlert",
      "Effect": "Allow",
      "Action": ["kms:GenerateDataKey", "kms:Decrypt"],
      "Resource": "${kms_key_arn}"
    }
  ]
}
