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
      "Sid": "WriteCredentialReports",
      "Effect": "Allow",
      "Action": "s3:PutObject",
      "Resource": "${bucket_arn}/credential-reports/*"
    },
    {
      "Sid": "EncryptWithTheReportKey",
      "Effect": "Allow",
      "Action": "kms:GenerateDataKey",
      "Resource": "${kms_key_arn}"
    }
  ]
}
