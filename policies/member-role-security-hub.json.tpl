{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ExportFindingsImportsThisAccountsFindingsUnderItsDefaultProduct",
      "Effect": "Allow",
      "Action": "securityhub:BatchImportFindings",
      "Resource": "arn:${partition}:securityhub:${region}:${account_id}:product/${account_id}/default"
    },
    {
      "Sid": "ExportFindingsReadsWhatItImportedToArchiveWhatCleared",
      "Effect": "Allow",
      "Action": "securityhub:GetFindings",
      "Resource": "arn:${partition}:securityhub:${region}:${account_id}:hub/default"
    }
  ]
}
