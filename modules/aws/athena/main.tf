resource "aws_glue_catalog_database" "this" {
  name        = var.database_name
  description = "credential-tracker: credential reports, targets, action logs and the IAM inventory (tables created by initialise-table)"
}

resource "aws_athena_workgroup" "this" {
  name          = var.name
  description   = "credential-tracker queries; results encrypted with the tracker's KMS key"
  force_destroy = var.force_destroy
  tags          = merge({ Name = var.name }, var.tags)

  configuration {
    enforce_workgroup_configuration    = true
    publish_cloudwatch_metrics_enabled = true
    bytes_scanned_cutoff_per_query     = var.bytes_scanned_cutoff_per_query

    result_configuration {
      output_location = "s3://${var.results_bucket}/${var.results_prefix}"

      encryption_configuration {
        encryption_option = "SSE_KMS"
        kms_key_arn       = var.kms_key_arn
      }
    }
  }
}

resource "aws_athena_named_query" "this" {
  for_each = var.named_queries

  name        = each.key
  description = each.value.description
  workgroup   = aws_athena_workgroup.this.id
  database    = aws_glue_catalog_database.this.name
  query       = each.value.query
}
