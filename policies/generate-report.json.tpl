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
