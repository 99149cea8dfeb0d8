{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "CredentialReportHasNoResourceArnSoStarIsTheOnlyResource",
      "Effect": "Allow",
      "Action": ["iam:GenerateCredentialReport", "iam:GetCredentialReport"],
      "Resource": "*"
    },
    {
      "Sid": "InventoryWalksTheWholeAccountSoStarIsTheOnlyResource",
      "Effect": "Allow",
      "Action": "iam:GetAccountAuthorizationDetails",
      "Resource": "*"
    },
    {
      "Sid": "InventoryListsEachUsersAccessKeys",
      "Effect": "Allow",
      "Action": "iam:ListAccessKeys",
      "Resource": "arn:${partition}:iam::${account_id}:user/*"
    }
  ]
}
