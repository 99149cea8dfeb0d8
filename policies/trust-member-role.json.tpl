{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "OnlyTheTrackerFunctions",
      "Effect": "Allow",
      "Principal": { "AWS": ${tracker_role_arns} },
      "Action": "sts:AssumeRole",
      "Condition": ${conditions}
    }
  ]
}
