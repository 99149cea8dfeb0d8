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
