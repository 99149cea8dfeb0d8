{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "StepFunctionsForThisStateMachineOnly",
      "Effect": "Allow",
      "Principal": { "Service": "states.amazonaws.com" },
      "Action": "sts:AssumeRole",
      "Condition": {
        "StringEquals": { "aws:SourceAccount": "${account_id}" },
        "ArnLike": { "aws:SourceArn": "${state_machine_arn}" }
      }
    }
  ]
}
