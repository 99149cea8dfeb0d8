//go:build tools

// Package tools pins the terraform-docs command this module builds.
package tools

import _ "github.com/terraform-docs/terraform-docs"
