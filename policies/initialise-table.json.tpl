{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "RunDdlInTheWorkgroup",
      "Effect": "Allow",
      "Action": ["athena:StartQueryExecution", "athena:GetQueryExecution"],
      "Resource": "${workgroup_arn}"
    },
    {
      "Sid": "CreateThePipelineTables",
      "Effect": "Allow",
      "Action": ["glue:GetDatabase", "glue:GetTable", "glue:CreateTable"],
      "Resource": [
        "arn:${partition}:glue:${region}:${account_id}:catalog",
        "arn:${partition}:glue:${region}:${account_id}:database/${database_name}",
        "arn:${partition}:glue:${region}:${account_id}:table/${database_name}/*"
      ]
    },
    {
      "Sid": "LocateTheBucket",
      "Effect": "Allow",
      "Action": ["s3:GetBucketLocation", "s3:ListBucket"],
      "Resource": "${bucket_arn}"
    },
    {
      "Sid": "WriteAthenaResults",
      "Effect": "Allow",
      "Action": ["s3:PutObject", "s3:GetObject", "s3:AbortMultipartUpload"],
      "Resource": "${bucket_arn}/athena-results/*"
    },
    {
      "Sid": "EncryptAthenaResults",
      "Effect": "Allow",
      "Action": ["kms:GenerateDataKey", "kms:Decrypt"],
      "Resource": "${kms_key_arn}"
    }
  ]
}
