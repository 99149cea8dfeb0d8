{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "StartTheDailyRun",
      "Effect": "Allow",
      "Action": "states:StartExecution",
      "Resource": "${state_machine_arn}"
    }
  ]
}
