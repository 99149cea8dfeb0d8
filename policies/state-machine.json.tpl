{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "InvokeTheTrackerFunctions",
      "Effect": "Allow",
      "Action": "lambda:InvokeFunction",
      "Resource": ${function_arns}
    },
    {
      "Sid": "DistributedMapStartsChildExecutionsOfItself",
      "Effect": "Allow",
      "Action": "states:StartExecution",
      "Resource": "${state_machine_arn}"
    },
    {
      "Sid": "DistributedMapWatchesAndStopsItsChildExecutions",
      "Effect": "Allow",
      "Action": ["states:DescribeExecution", "states:StopExecution"],
      "Resource": "${execution_arn_pattern}"
    },
    {
      "Sid": "AccountsMapReadsItsItemsAndWritesItsResults",
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:PutObject", "s3:ListMultipartUploadParts", "s3:AbortMultipartUpload"],
      "Resource": "${bucket_arn}/account-runs/*"
    },
    {
      "Sid": "AccountsMapListsItsResultsPrefix",
      "Effect": "Allow",
      "Action": "s3:ListBucket",
      "Resource": "${bucket_arn}",
      "Condition": { "StringLike": { "s3:prefix": "account-runs/*" } }
    },
    {
      "Sid": "AccountsMapFilesAreEncryptedWithTheTrackersKey",
      "Effect": "Allow",
      "Action": ["kms:GenerateDataKey", "kms:Decrypt"],
      "Resource": "${kms_key_arn}"
    },
    {
      "Sid": "LogDeliveryHasNoResourceArnSoStarIsTheOnlyResource",
      "Effect": "Allow",
      "Action": [
        "logs:CreateLogDelivery",
        "logs:GetLogDelivery",
        "logs:UpdateLogDelivery",
        "logs:DeleteLogDelivery",
        "logs:ListLogDeliveries",
        "logs:PutResourcePolicy",
        "logs:DescribeResourcePolicies",
        "logs:DescribeLogGroups"
      ],
      "Resource": "*"
    },
    {
      "Sid": "XRayTraceUploadHasNoResourceArnSoStarIsTheOnlyResource",
      "Effect": "Allow",
      "Action": ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"],
      "Resource": "*"
    }
  ]
}
