{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "LambdaServiceInThisAccount",
      "Effect": "Allow",
      "Principal": { "Service": "lambda.amazonaws.com" },
      "Action": "sts:AssumeRole",
      "Condition": { "StringEquals": { "aws:SourceAccount": "${account_id}" } }
    }
  ]
}
