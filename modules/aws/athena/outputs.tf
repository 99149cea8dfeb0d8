output "workgroup_name" {
  description = "The workgroup's name."
  value       = aws_athena_workgroup.this.name
}

output "workgroup_arn" {
  description = "The workgroup's ARN."
  value       = aws_athena_workgroup.this.arn
}

output "database_name" {
  description = "The Glue database's name."
  value       = aws_glue_catalog_database.this.name
}

output "named_query_ids" {
  description = "The named query id of each entry of named_queries, by its key."
  value       = { for id, query in aws_athena_named_query.this : id => query.id }
}
