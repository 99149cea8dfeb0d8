# tflint for modules/ and environments/ (scripts/test/terraform-tools.test.ts runs it with --recursive).
# Only the bundled terraform ruleset: the aws ruleset is a plugin download, which the offline checks avoid.
config {
  call_module_type = "local"
}

plugin "terraform" {
  enabled = true
  preset  = "recommended"
}

rule "terraform_naming_convention" {
  enabled = true
  format  = "snake_case"
}

rule "terraform_documented_variables" {
  enabled = true
}

rule "terraform_documented_outputs" {
  enabled = true
}

rule "terraform_standard_module_structure" {
  enabled = true
}

rule "terraform_unused_required_providers" {
  enabled = true
}
