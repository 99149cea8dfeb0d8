{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "OnlyTheUserAndTheAdminsReadTheNewKey",
      "Effect": "Allow",
      "Principal": { "AWS": ${reader_arns} },
      "Action": ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
      "Resource": "arn:${partition}:secretsmanager:${region}:${account_id}:secret:credential-tracker/${user_name}-??????"
    },
    {
      "Sid": "NobodyElseReadsItWhateverTheirIdentityPolicySays",
      "Effect": "Deny",
      "Principal": { "AWS": "*" },
      "Action": "secretsmanager:GetSecretValue",
      "Resource": "arn:${partition}:secretsmanager:${region}:${account_id}:secret:credential-tracker/${user_name}-??????",
      "Condition": { "StringNotEquals": { "aws:PrincipalArn": ${reader_arns} } }
    }
  ]
}
