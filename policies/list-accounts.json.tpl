{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "OrganizationsListAccountsHasNoResourceArnSoStarIsTheOnlyResource",
      "Effect": "Allow",
      "Action": "organizations:ListAccounts",
      "Resource": "*"
    },
    {
      "Sid": "OrganizationsListParentsOfTheOrganizationsAccountsAndUnits",
      "Effect": "Allow",
      "Action": "organizations:ListParents",
      "Resource": [
        "arn:${partition}:organizations::*:account/o-*/*",
        "arn:${partition}:organizations::*:ou/o-*/ou-*"
      ]
    },
    {
      "Sid": "WriteTheAccountsMapItems",
      "Effect": "Allow",
      "Action": "s3:PutObject",
      "Resource": "${bucket_arn}/account-runs/*"
    },
    {
      "Sid": "EncryptTheAccountsFile",
      "Effect": "Allow",
      "Action": "kms:GenerateDataKey",
      "Resource": "${kms_key_arn}"
    }
  ]
}
