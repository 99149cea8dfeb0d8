{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "RemediationsReadTheLiveStateOfThisAccountsUsers",
      "Effect": "Allow",
      "Action": [
        "iam:GetUser",
        "iam:ListAccessKeys",
        "iam:GetAccessKeyLastUsed",
        "iam:GetLoginProfile",
        "iam:ListSigningCertificates",
        "iam:ListUserTags",
        "iam:ListGroupsForUser"
      ],
      "Resource": "arn:${partition}:iam::${account_id}:user/*"
    },
    {
      "Sid": "RemediationsRotateDisableAndDeleteUsersCredentials",
      "Effect": "Allow",
      "Action": [
        "iam:CreateAccessKey",
        "iam:UpdateAccessKey",
        "iam:DeleteAccessKey",
        "iam:DeleteLoginProfile",
        "iam:UpdateSigningCertificate"
      ],
      "Resource": "arn:${partition}:iam::${account_id}:user/*"
    },
    {
      "Sid": "AkRotationStoresNewKeysInItsOwnSecretsOnly",
      "Effect": "Allow",
      "Action": [
        "secretsmanager:DescribeSecret",
        "secretsmanager:GetResourcePolicy",
        "secretsmanager:CreateSecret",
        "secretsmanager:PutResourcePolicy",
        "secretsmanager:TagResource",
        "secretsmanager:UntagResource",
        "secretsmanager:PutSecretValue"
      ],
      "Resource": "arn:${partition}:secretsmanager:${region}:${account_id}:secret:credential-tracker/*"
    },
    {
      "Sid": "SecretsManagerEncryptsTheSecretsWithACustomerManagedKey",
      "Effect": "Allow",
      "Action": ["kms:GenerateDataKey", "kms:Decrypt"],
      "Resource": "arn:${partition}:kms:${region}:${account_id}:key/*",
      "Condition": { "StringEquals": { "kms:ViaService": "secretsmanager.${region}.amazonaws.com" } }
    }
  ]
}
