{
  "Comment": "credential-tracker daily run: every account's credential report to S3, every finding's query, a summary.",
  "StartAt": "ListAccounts",
  "States": {
    "ListAccounts": {
      "Type": "Task",
      "Resource": "${list_accounts_arn}",
      "Parameters": {
        "run_id.$": "$$.Execution.Name",
        "as_of.$": "$$.Execution.StartTime"
      },
      "ResultSelector": {
        "run.$": "$.run",
        "accounts.$": "$.accounts",
        "account_results.$": "$.account_results"
      },
      "Retry": [
        {
          "ErrorEquals": [
            "Lambda.ServiceException",
            "Lambda.AWSLambdaException",
            "Lambda.SdkClientException",
            "Lambda.TooManyRequestsException"
          ],
          "IntervalSeconds": 2,
          "BackoffRate": 2,
          "MaxAttempts": 6,
          "JitterStrategy": "FULL"
        }
      ],
      "Next": "CollectReports"
    },
    "CollectReports": {
      "Type": "Map",
      "Comment": "Reads the account ids from the file list-accounts wrote and writes every account's outcome to S3: no payload grows with the Organization. Every account failure is caught inside its iteration; a child execution that fails anyway is tolerated and reported as a failed account.",
      "ItemReader": {
        "Resource": "arn:aws:states:::s3:getObject",
        "ReaderConfig": {
          "InputType": "JSON"
        },
        "Parameters": {
          "Bucket.$": "$.accounts.bucket",
          "Key.$": "$.accounts.key"
        }
      },
      "ItemSelector": {
        "run.$": "$.run",
        "account_id.$": "$$.Map.Item.Value"
      },
      "MaxConcurrency": ${max_concurrency},
      "ToleratedFailurePercentage": 100,
      "ItemProcessor": {
        "ProcessorConfig": {
          "Mode": "DISTRIBUTED",
          "ExecutionType": "STANDARD"
        },
        "StartAt": "ProcessAccount",
        "States": {
          "ProcessAccount": {
            "Type": "Parallel",
            "Comment": "Wraps the account's steps so any failure, a Fail state included, is caught for this account alone.",
            "Parameters": {
              "run.$": "$.run",
              "account_id.$": "$.account_id",
              "cycle": 0
            },
            "Branches": [
              {
                "Comment": "One account's report: generate, wait until COMPLETE (bounded), download to S3; then its IAM inventory.",
                "StartAt": "GenerateReport",
                "States": {
                  "GenerateReport": {
                    "Type": "Task",
                    "Resource": "${generate_report_arn}",
                    "Parameters": {
                      "run.$": "$.run",
                      "account_id.$": "$.account_id"
                    },
                    "ResultSelector": {
                      "state.$": "$.state"
                    },
                    "ResultPath": "$.report",
                    "Retry": [
                      {
                        "ErrorEquals": [
                          "Lambda.ServiceException",
                          "Lambda.AWSLambdaException",
                          "Lambda.SdkClientException",
                          "Lambda.TooManyRequestsException"
                        ],
                        "IntervalSeconds": 2,
                        "BackoffRate": 2,
                        "MaxAttempts": 6,
                        "JitterStrategy": "FULL"
                      }
                    ],
                    "Next": "IsReportComplete"
                  },
                  "IsReportComplete": {
                    "Type": "Choice",
                    "Choices": [
                      {
                        "Variable": "$.report.state",
                        "StringEquals": "COMPLETE",
                        "Next": "DownloadReport"
                      },
                      {
                        "Variable": "$.cycle",
                        "NumericGreaterThanEquals": ${report_max_cycles},
                        "Next": "ReportNotReady"
                      }
                    ],
                    "Default": "CountReportCycle"
                  },
                  "CountReportCycle": {
                    "Type": "Pass",
                    "Parameters": {
                      "run.$": "$.run",
                      "account_id.$": "$.account_id",
                      "cycle.$": "States.MathAdd($.cycle, 1)"
                    },
                    "Next": "WaitForReport"
                  },
                  "WaitForReport": {
                    "Type": "Wait",
                    "Seconds": ${report_wait_seconds},
                    "Next": "GenerateReport"
                  },
                  "ReportNotReady": {
                    "Type": "Fail",
                    "Error": "ReportNotReadyError",
                    "Cause": "GenerateReport: the credential report was still not COMPLETE after ${report_max_cycles} waits of ${report_wait_seconds} seconds; IAM may be slow or throttled in this account, the next run tries again (raise report_max_cycles if it keeps happening)"
                  },
                  "DownloadReport": {
                    "Type": "Task",
                    "Resource": "${download_report_arn}",
                    "Parameters": {
                      "run.$": "$.run",
                      "account_id.$": "$.account_id"
                    },
                    "ResultSelector": {
                      "key.$": "$.key"
                    },
                    "ResultPath": "$.report",
                    "Retry": [
                      {
                        "ErrorEquals": [
                          "Lambda.ServiceException",
                          "Lambda.AWSLambdaException",
                          "Lambda.SdkClientException",
                          "Lambda.TooManyRequestsException"
                        ],
                        "IntervalSeconds": 2,
                        "BackoffRate": 2,
                        "MaxAttempts": 6,
                        "JitterStrategy": "FULL"
                      }
                    ],
                    "Next": "CollectInventory"
                  },
                  "CollectInventory": {
                    "Type": "Task",
                    "Comment": "The account's users, groups, roles and customer managed policies to S3, as the member role sees them.",
                    "Resource": "${collect_inventory_arn}",
                    "Parameters": {
                      "run.$": "$.run",
                      "account_id.$": "$.account_id"
                    },
                    "ResultSelector": {
                      "account_id.$": "$.account_id",
                      "status": "stored"
                    },
                    "Retry": [
                      {
                        "ErrorEquals": [
                          "Lambda.ServiceException",
                          "Lambda.AWSLambdaException",
                          "Lambda.SdkClientException",
                          "Lambda.TooManyRequestsException"
                        ],
                        "IntervalSeconds": 2,
                        "BackoffRate": 2,
                        "MaxAttempts": 6,
                        "JitterStrategy": "FULL"
                      }
                    ],
                    "End": true
                  }
                }
              }
            ],
            "ResultSelector": {
              "account_id.$": "$[0].account_id",
              "status.$": "$[0].status"
            },
            "Catch": [
              {
                "ErrorEquals": [
                  "States.ALL"
                ],
                "ResultPath": "$.failure",
                "Next": "RecordAccountFailure"
              }
            ],
            "End": true
          },
          "RecordAccountFailure": {
            "Type": "Pass",
            "Parameters": {
              "account_id.$": "$.account_id",
              "status": "failed",
              "error.$": "$.failure"
            },
            "End": true
          }
        }
      },
      "ResultWriter": {
        "Resource": "arn:aws:states:::s3:putObject",
        "Parameters": {
          "Bucket.$": "$.account_results.bucket",
          "Prefix.$": "$.account_results.prefix"
        }
      },
      "ResultSelector": {
        "bucket.$": "$.ResultWriterDetails.Bucket",
        "manifest_key.$": "$.ResultWriterDetails.Key"
      },
      "ResultPath": "$.account_results",
      "Next": "InitialiseTable"
    },
    "InitialiseTable": {
      "Type": "Task",
      "Resource": "${initialise_table_arn}",
      "Parameters": {
        "run.$": "$.run"
      },
      "ResultPath": null,
      "Retry": [
        {
          "ErrorEquals": [
            "Lambda.ServiceException",
            "Lambda.AWSLambdaException",
            "Lambda.SdkClientException",
            "Lambda.TooManyRequestsException"
          ],
          "IntervalSeconds": 2,
          "BackoffRate": 2,
          "MaxAttempts": 6,
          "JitterStrategy": "FULL"
        }
      ],
      "Next": "FindingCatalog"
    },
    "FindingCatalog": {
      "Type": "Pass",
      "Result": ${findings},
      "ResultPath": "$.catalog",
      "Next": "RunFindings"
    },
    "RunFindings": {
      "Type": "Map",
      "ItemsPath": "$.catalog",
      "ItemSelector": {
        "run.$": "$.run",
        "finding.$": "$$.Map.Item.Value"
      },
      "ItemProcessor": {
        "Comment": "One finding: run its named query, write the users to remediate to S3, hand the pointer to its remediation.",
        "StartAt": "GenerateFindings",
        "States": {
          "GenerateFindings": {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {
              "FunctionName.$": "$.finding.generate_findings_arn",
              "Payload": {
                "run.$": "$.run"
              }
            },
            "ResultSelector": {
              "query_execution_id.$": "$.Payload.query_execution_id"
            },
            "ResultPath": "$.query",
            "Retry": [
              {
                "ErrorEquals": [
                  "Lambda.ServiceException",
                  "Lambda.AWSLambdaException",
                  "Lambda.SdkClientException",
                  "Lambda.TooManyRequestsException"
                ],
                "IntervalSeconds": 2,
                "BackoffRate": 2,
                "MaxAttempts": 6,
                "JitterStrategy": "FULL"
              }
            ],
            "Catch": [
              {
                "ErrorEquals": [
                  "States.ALL"
                ],
                "ResultPath": "$.failure",
                "Next": "RecordFindingFailure"
              }
            ],
            "Next": "RetrieveUsersToRemediate"
          },
          "RetrieveUsersToRemediate": {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {
              "FunctionName.$": "$.finding.retrieve_users_arn",
              "Payload": {
                "run.$": "$.run",
                "finding.$": "$.finding.finding",
                "query_execution_id.$": "$.query.query_execution_id"
              }
            },
            "ResultSelector": {
              "finding.$": "$.Payload.finding",
              "bucket.$": "$.Payload.bucket",
              "key.$": "$.Payload.key",
              "count.$": "$.Payload.count",
              "accounts.$": "$.Payload.accounts"
            },
            "ResultPath": "$.targets",
            "Retry": [
              {
                "ErrorEquals": [
                  "Lambda.ServiceException",
                  "Lambda.AWSLambdaException",
                  "Lambda.SdkClientException",
                  "Lambda.TooManyRequestsException"
                ],
                "IntervalSeconds": 2,
                "BackoffRate": 2,
                "MaxAttempts": 6,
                "JitterStrategy": "FULL"
              }
            ],
            "Catch": [
              {
                "ErrorEquals": [
                  "States.ALL"
                ],
                "ResultPath": "$.failure",
                "Next": "RecordFindingFailure"
              }
            ],
            "Next": "CountFinding"
          },
          "CountFinding": {
            "Type": "Pass",
            "Parameters": {
              "outcome": {
                "finding.$": "$.targets.finding",
                "status": "succeeded",
                "count.$": "$.targets.count",
                "accounts.$": "$.targets.accounts"
              },
              "remediation_arn.$": "$.finding.remediation_arn",
              "targets": {
                "bucket.$": "$.targets.bucket",
                "key.$": "$.targets.key"
              }
            },
            "End": true
          },
          "RecordFindingFailure": {
            "Type": "Pass",
            "Parameters": {
              "outcome": {
                "finding.$": "$.finding.finding",
                "status": "failed",
                "error.$": "$.failure"
              },
              "remediation_arn": null
            },
            "End": true
          }
        }
      },
      "ResultPath": "$.findings",
      "Next": "SecurityHubExport"
    },
    "SecurityHubExport": {
      "Type": "Pass",
      "Comment": "The security_hub_export setting: {status: 'off'}, or {status: 'on', function_arn} of export-findings.",
      "Result": ${security_hub_export},
      "ResultPath": "$.security_hub",
      "Next": "IsSecurityHubExportOn"
    },
    "IsSecurityHubExportOn": {
      "Type": "Choice",
      "Choices": [
        {
          "Variable": "$.security_hub.status",
          "StringEquals": "on",
          "Next": "ExportFindings"
        }
      ],
      "Default": "StartRemediations"
    },
    "ExportFindings": {
      "Type": "Task",
      "Comment": "The run's findings to Security Hub in each account, the cleared ones archived. Before the remediations, which its failure never stops: it is recorded for the summary.",
      "Resource": "arn:aws:states:::lambda:invoke",
      "Parameters": {
        "FunctionName.$": "$.security_hub.function_arn",
        "Payload": {
          "run.$": "$.run",
          "account_results.$": "$.account_results",
          "findings.$": "$.findings[*].outcome"
        }
      },
      "ResultSelector": {
        "status": "exported",
        "accounts.$": "$.Payload.accounts",
        "imported.$": "$.Payload.imported",
        "archived.$": "$.Payload.archived"
      },
      "ResultPath": "$.security_hub",
      "Retry": [
        {
          "ErrorEquals": [
            "Lambda.ServiceException",
            "Lambda.AWSLambdaException",
            "Lambda.SdkClientException",
            "Lambda.TooManyRequestsException"
          ],
          "IntervalSeconds": 2,
          "BackoffRate": 2,
          "MaxAttempts": 6,
          "JitterStrategy": "FULL"
        }
      ],
      "Catch": [
        {
          "ErrorEquals": [
            "States.ALL"
          ],
          "ResultPath": "$.failure",
          "Next": "RecordExportFailure"
        }
      ],
      "Next": "StartRemediations"
    },
    "RecordExportFailure": {
      "Type": "Pass",
      "Parameters": {
        "status": "failed",
        "error.$": "$.failure"
      },
      "ResultPath": "$.security_hub",
      "Next": "StartRemediations"
    },
    "StartRemediations": {
      "Type": "Pass",
      "Comment": "The remediations run one after another, each handed the actions the earlier ones took, so the blast-radius limits hold for the whole run. From the last finding to the first: each outcome is put in front of the earlier ones, so the list reads in catalog order.",
      "Parameters": {
        "run.$": "$.run",
        "account_results.$": "$.account_results",
        "findings.$": "$.findings",
        "security_hub.$": "$.security_hub",
        "loop": {
          "index.$": "States.MathAdd(States.ArrayLength($.findings), -1)"
        },
        "actions": {
          "run": 0,
          "by_account": {}
        },
        "outcomes": {}
      },
      "Next": "NextFinding"
    },
    "NextFinding": {
      "Type": "Choice",
      "Choices": [
        {
          "Variable": "$.loop.index",
          "NumericLessThan": 0,
          "Next": "Summarise"
        }
      ],
      "Default": "PickFinding"
    },
    "PickFinding": {
      "Type": "Pass",
      "Parameters": {
        "item.$": "States.ArrayGetItem($.findings, $.loop.index)"
      },
      "ResultPath": "$.current",
      "Next": "HasRemediation"
    },
    "HasRemediation": {
      "Type": "Choice",
      "Comment": "A finding without a remediation, or whose query failed, keeps its outcome as it is.",
      "Choices": [
        {
          "Variable": "$.current.item.remediation_arn",
          "IsNull": true,
          "Next": "KeepOutcome"
        }
      ],
      "Default": "RemediateFindings"
    },
    "RemediateFindings": {
      "Type": "Task",
      "Resource": "arn:aws:states:::lambda:invoke",
      "Parameters": {
        "FunctionName.$": "$.current.item.remediation_arn",
        "Payload": {
          "run.$": "$.run",
          "finding.$": "$.current.item.outcome.finding",
          "targets.$": "$.current.item.targets",
          "actions_earlier_in_run.$": "$.actions"
        }
      },
      "ResultSelector": {
        "run.$": "$.Payload.actions_in_run.run",
        "by_account.$": "$.Payload.actions_in_run.by_account"
      },
      "ResultPath": "$.actions",
      "Retry": [
        {
          "ErrorEquals": [
            "Lambda.ServiceException",
            "Lambda.AWSLambdaException",
            "Lambda.SdkClientException",
            "Lambda.TooManyRequestsException"
          ],
          "IntervalSeconds": 2,
          "BackoffRate": 2,
          "MaxAttempts": 6,
          "JitterStrategy": "FULL"
        }
      ],
      "Catch": [
        {
          "ErrorEquals": [
            "States.ALL"
          ],
          "ResultPath": "$.failure",
          "Next": "RecordRemediationFailure"
        }
      ],
      "Next": "KeepOutcome"
    },
    "KeepOutcome": {
      "Type": "Pass",
      "Parameters": {
        "outcome.$": "$.current.item.outcome",
        "earlier.$": "$.outcomes"
      },
      "ResultPath": "$.outcomes",
      "Next": "CountDown"
    },
    "RecordRemediationFailure": {
      "Type": "Pass",
      "Comment": "The finding fails; the counts stay as they were and the next remediation runs.",
      "Parameters": {
        "outcome": {
          "finding.$": "$.current.item.outcome.finding",
          "status": "failed",
          "error.$": "$.failure"
        },
        "earlier.$": "$.outcomes"
      },
      "ResultPath": "$.outcomes",
      "Next": "CountDown"
    },
    "CountDown": {
      "Type": "Pass",
      "Parameters": {
        "index.$": "States.MathAdd($.loop.index, -1)"
      },
      "ResultPath": "$.loop",
      "Next": "NextFinding"
    },
    "Summarise": {
      "Type": "Task",
      "Resource": "${summarise_run_arn}",
      "Parameters": {
        "run.$": "$.run",
        "account_results.$": "$.account_results",
        "findings.$": "$.outcomes..outcome",
        "security_hub.$": "$.security_hub"
      },
      "ResultSelector": {
        "bucket.$": "$.bucket",
        "key.$": "$.key",
        "message_id.$": "$.message_id"
      },
      "Retry": [
        {
          "ErrorEquals": [
            "Lambda.ServiceException",
            "Lambda.AWSLambdaException",
            "Lambda.SdkClientException",
            "Lambda.TooManyRequestsException"
          ],
          "IntervalSeconds": 2,
          "BackoffRate": 2,
          "MaxAttempts": 6,
          "JitterStrategy": "FULL"
        }
      ],
      "Next": "RunSummarised"
    },
    "RunSummarised": {
      "Type": "Succeed"
    }
  }
}
