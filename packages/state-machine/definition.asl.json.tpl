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
        "accounts.$": "$.accounts"
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
      "ItemsPath": "$.accounts",
      "ItemSelector": {
        "run.$": "$.run",
        "account_id.$": "$$.Map.Item.Value"
      },
      "MaxConcurrency": ${max_concurrency},
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
                "Comment": "One account's report: generate, wait until COMPLETE (bounded), download to S3.",
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
      "ResultPath": "$.accounts",
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
            "Next": "HasRemediation"
          },
          "HasRemediation": {
            "Type": "Choice",
            "Choices": [
              {
                "Variable": "$.finding.remediation_arn",
                "IsNull": true,
                "Next": "CountFinding"
              }
            ],
            "Default": "RemediateFindings"
          },
          "RemediateFindings": {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {
              "FunctionName.$": "$.finding.remediation_arn",
              "Payload": {
                "run.$": "$.run",
                "finding.$": "$.finding.finding",
                "targets": {
                  "bucket.$": "$.targets.bucket",
                  "key.$": "$.targets.key"
                }
              }
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
              "finding.$": "$.targets.finding",
              "status": "succeeded",
              "count.$": "$.targets.count",
              "accounts.$": "$.targets.accounts"
            },
            "End": true
          },
          "RecordFindingFailure": {
            "Type": "Pass",
            "Parameters": {
              "finding.$": "$.finding.finding",
              "status": "failed",
              "error.$": "$.failure"
            },
            "End": true
          }
        }
      },
      "ResultPath": "$.findings",
      "Next": "Summarise"
    },
    "Summarise": {
      "Type": "Task",
      "Resource": "${summarise_run_arn}",
      "Parameters": {
        "run.$": "$.run",
        "accounts.$": "$.accounts",
        "findings.$": "$.findings"
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
