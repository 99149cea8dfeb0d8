{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "EventBridgeForThisRuleOnly",
      "Effect": "Allow",
      "Principal": { "Service": "events.amazonaws.com" },
      "Action": "sts:AssumeRole",
      "Condition": {
        "StringEquals": { "aws:SourceAccount": "${account_id}" },
        "ArnLike": { "aws:SourceArn": "${rule_arn}" }
      }
    }
  ]
}
