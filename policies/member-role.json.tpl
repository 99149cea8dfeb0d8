{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "CredentialReportHasNoResourceArnSoStarIsTheOnlyResource",
      "Effect": "Allow",
      "Action": ["iam:GenerateCredentialReport", "iam:GetCredentialReport"],
      "Resource": "*"
    }
  ]
}
