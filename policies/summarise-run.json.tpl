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
      "Sid": "WriteRunSummaries",
      "Effect": "Allow",
      "Action": "s3:PutObject",
      "Resource": "${bucket_arn}/runs/*"
    },
    {
      "Sid": "PublishTheSummary",
      "Effect": "Allow",
      "Action": "sns:Publish",
      "Resource": "${topic_arn}"
    },
    {
      "Sid": "DecryptTargetsEncryptSummaryAndMessage",
      "Effect": "Allow",
      "Action": ["kms:GenerateDataKey", "kms:Decrypt"],
      "Resource": "${kms_key_arn}"
    },
    {
      "Sid": "OwnLogGroup",
      "Effect": "Allow",
      "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
      "Resource": "${log_group_arn}:*"
    },
    {
      "Sid": "XRayTraceUploadHasNoResourceArnSoStarIsTheOnlyResource",
      "Effect": "Allow",
      "Action": ["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
      "Resource": "*"
    }
  ]
}
