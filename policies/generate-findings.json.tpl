{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "RunTheNamedQueryInTheWorkgroup",
      "Effect": "Allow",
      "Action": ["athena:GetNamedQuery", "athena:StartQueryExecution", "athena:GetQueryExecution"],
      "Resource": "${workgroup_arn}"
    },
    {
      "Sid": "ReadThePipelineTables",
      "Effect": "Allow",
      "Action": ["glue:GetDatabase", "glue:GetTable", "glue:GetPartitions"],
      "Resource": [
        "arn:${partition}:glue:${region}:${account_id}:catalog",
        "arn:${partition}:glue:${region}:${account_id}:database/${database_name}",
        "arn:${partition}:glue:${region}:${account_id}:table/${database_name}/*"
      ]
    },
    {
      "Sid": "ListTheBucket",
      "Effect": "Allow",
      "Action": ["s3:GetBucketLocation", "s3:ListBucket"],
      "Resource": "${bucket_arn}"
    },
    {
      "Sid": "ReadCredentialReports",
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "${bucket_arn}/credential-reports/*"
    },
    {
      "Sid": "ReadInventorySnapshotsForTheFindingsOverTheInventory",
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "${bucket_arn}/inventory/*"
    },
    {
      "Sid": "WriteAthenaResults",
      "Effect": "Allow",
      "Action": ["s3:PutObject", "s3:GetObject", "s3:AbortMultipartUpload"],
      "Resource": "${bucket_arn}/athena-results/*"
    },
    {
      "Sid": "DecryptReportsEncryptResults",
      "Effect": "Allow",
      "Action": ["kms:GenerateDataKey", "kms:Decrypt"],
      "Resource": "${kms_key_arn}"
    }
  ]
}
