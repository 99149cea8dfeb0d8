{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "AssumeOnlyTheCollectorRoleInTheAccountsInScope",
      "Effect": "Allow",
      "Action": "sts:AssumeRole",
      "Resource": "${member_role_arn_pattern}",
      "Condition": ${member_role_condition}
    },
    {
      "Sid": "ReadTheRunsTargets",
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
      "Sid": "DecryptTheTargets",
      "Effect": "Allow",
      "Action": "kms:Decrypt",
      "Resource": "${kms_key_arn}"
    }
  ]
}
