{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "PageTheQueryResults",
      "Effect": "Allow",
      "Action": "athena:GetQueryResults",
      "Resource": "${workgroup_arn}"
    },
    {
      "Sid": "ReadAthenaResults",
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "${bucket_arn}/athena-results/*"
    },
    {
      "Sid": "WriteTargets",
      "Effect": "Allow",
      "Action": "s3:PutObject",
      "Resource": "${bucket_arn}/targets/*"
    },
    {
      "Sid": "DecryptResultsEncryptTargets",
      "Effect": "Allow",
      "Action": ["kms:GenerateDataKey", "kms:Decrypt"],
      "Resource": "${kms_key_arn}"
    }
  ]
}
