// Command hcl-inventory parses every Terraform file (*.tf, *.tfvars) under a directory with HashiCorp's
// own HCL parser and prints, as JSON, what the offline checks in scripts/test/terraform*.test.ts
// compare: each directory's variables, outputs, module calls with their arguments, module.NAME.OUTPUT
// references, and each tfvars file's keys, every item with its file and line. A file that does not
// parse is reported with the parser's diagnostics (file, line, column) instead.
//
// Usage: hcl-inventory DIR
package main

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

type position struct {
	File string `json:"file"`
	Line int    `json:"line"`
}

type diagnostic struct {
	position
	Column  int    `json:"column"`
	Message string `json:"message"`
}

type variable struct {
	position
	Name     string `json:"name"`
	Required bool   `json:"required"`
}

type named struct {
	position
	Name string `json:"name"`
}

type argument struct {
	position
	Name string `json:"name"`
	// Every string literal in the value, e.g. "/list-accounts.zip" of "${local.dist_dir}/list-accounts.zip".
	Literals []string `json:"literals"`
}

type call struct {
	position
	Name      string     `json:"name"`
	Source    string     `json:"source"`
	Arguments []argument `json:"arguments"`
}

// A templatefile(PATH, { KEY = ... }) call: the literal parts of PATH and the keys it passes.
type templateCall struct {
	position
	// The path argument as written, e.g. local.state_machine_template.
	PathSource string   `json:"path_source"`
	Path       []string `json:"path"`
	Keys       []named  `json:"keys"`
}

type reference struct {
	position
	Module string `json:"module"`
	Output string `json:"output"`
}

type module struct {
	Variables  []variable     `json:"variables"`
	Outputs    []named        `json:"outputs"`
	Calls      []call         `json:"calls"`
	References []reference    `json:"references"`
	Templates  []templateCall `json:"templates"`
}

type tfvars struct {
	File string  `json:"file"`
	Keys []named `json:"keys"`
}

type inventory struct {
	Diagnostics []diagnostic       `json:"diagnostics"`
	Modules     map[string]*module `json:"modules"`
	Tfvars      []tfvars           `json:"tfvars"`
}

// Meta-arguments of a module block: Terraform's, not the module's variables.
var moduleMeta = map[string]bool{
	"source": true, "version": true, "count": true, "for_each": true, "providers": true, "depends_on": true,
}

var skipDirs = map[string]bool{
	".git": true, ".terraform": true, "node_modules": true, ".venv": true, ".tools": true, "dist": true,
}

func pos(root string, r hcl.Range) position {
	rel, err := filepath.Rel(root, r.Filename)
	if err != nil {
		rel = r.Filename
	}
	return position{File: filepath.ToSlash(rel), Line: r.Start.Line}
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: hcl-inventory DIR")
		os.Exit(2)
	}
	root, err := filepath.Abs(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	out := inventory{Diagnostics: []diagnostic{}, Modules: map[string]*module{}, Tfvars: []tfvars{}}
	parser := hclparse.NewParser()
	var paths []string
	err = filepath.WalkDir(root, func(path string, entry fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if entry.IsDir() && path != root && skipDirs[entry.Name()] {
			return filepath.SkipDir
		}
		if !entry.IsDir() && (strings.HasSuffix(path, ".tf") || strings.HasSuffix(path, ".tfvars")) {
			paths = append(paths, path)
		}
		return nil
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	sort.Strings(paths)
	for _, path := range paths {
		file, diags := parser.ParseHCLFile(path)
		for _, d := range diags {
			if d.Severity != hcl.DiagError {
				continue
			}
			item := diagnostic{Message: d.Summary + ": " + d.Detail}
			if d.Subject != nil {
				item.position = pos(root, *d.Subject)
				item.Column = d.Subject.Start.Column
			} else {
				item.position = position{File: filepath.ToSlash(mustRel(root, path)), Line: 0}
			}
			out.Diagnostics = append(out.Diagnostics, item)
		}
		if diags.HasErrors() || file == nil {
			continue
		}
		body := file.Body.(*hclsyntax.Body)
		if strings.HasSuffix(path, ".tfvars") {
			vars := tfvars{File: filepath.ToSlash(mustRel(root, path)), Keys: []named{}}
			for _, attr := range sortedAttributes(body) {
				vars.Keys = append(vars.Keys, named{position: pos(root, attr.NameRange), Name: attr.Name})
			}
			out.Tfvars = append(out.Tfvars, vars)
			continue
		}
		dir := filepath.ToSlash(mustRel(root, filepath.Dir(path)))
		mod := out.Modules[dir]
		if mod == nil {
			mod = &module{Variables: []variable{}, Outputs: []named{}, Calls: []call{}, References: []reference{}, Templates: []templateCall{}}
			out.Modules[dir] = mod
		}
		collect(root, body, file.Bytes, mod)
	}
	encoder := json.NewEncoder(os.Stdout)
	encoder.SetIndent("", "  ")
	if err := encoder.Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
}

func mustRel(root, path string) string {
	rel, err := filepath.Rel(root, path)
	if err != nil {
		return path
	}
	return rel
}

func sortedAttributes(body *hclsyntax.Body) []*hclsyntax.Attribute {
	attrs := make([]*hclsyntax.Attribute, 0, len(body.Attributes))
	for _, attr := range body.Attributes {
		attrs = append(attrs, attr)
	}
	sort.Slice(attrs, func(i, j int) bool { return attrs[i].NameRange.Start.Byte < attrs[j].NameRange.Start.Byte })
	return attrs
}

func collect(root string, body *hclsyntax.Body, src []byte, mod *module) {
	for _, block := range body.Blocks {
		if len(block.Labels) == 0 {
			continue
		}
		at := pos(root, block.DefRange())
		switch block.Type {
		case "variable":
			_, hasDefault := block.Body.Attributes["default"]
			mod.Variables = append(mod.Variables, variable{position: at, Name: block.Labels[0], Required: !hasDefault})
		case "output":
			mod.Outputs = append(mod.Outputs, named{position: at, Name: block.Labels[0]})
		case "module":
			c := call{position: at, Name: block.Labels[0], Arguments: []argument{}}
			if source, ok := block.Body.Attributes["source"]; ok {
				if value, diags := source.Expr.Value(nil); !diags.HasErrors() && value.Type().FriendlyName() == "string" {
					c.Source = value.AsString()
				}
			}
			for _, attr := range sortedAttributes(block.Body) {
				if !moduleMeta[attr.Name] {
					c.Arguments = append(c.Arguments, argument{position: pos(root, attr.NameRange), Name: attr.Name, Literals: literals(attr.Expr)})
				}
			}
			mod.Calls = append(mod.Calls, c)
		}
	}
	hclsyntax.VisitAll(body, func(node hclsyntax.Node) hcl.Diagnostics {
		if fn, ok := node.(*hclsyntax.FunctionCallExpr); ok && fn.Name == "templatefile" && len(fn.Args) == 2 {
			t := templateCall{position: pos(root, fn.NameRange), PathSource: string(fn.Args[0].Range().SliceBytes(src)), Path: literals(fn.Args[0]), Keys: []named{}}
			if object, ok := fn.Args[1].(*hclsyntax.ObjectConsExpr); ok {
				for _, item := range object.Items {
					if key, diags := item.KeyExpr.Value(nil); !diags.HasErrors() && key.Type().FriendlyName() == "string" {
						t.Keys = append(t.Keys, named{position: pos(root, item.KeyExpr.Range()), Name: key.AsString()})
					}
				}
			}
			mod.Templates = append(mod.Templates, t)
			return nil
		}
		expr, ok := node.(*hclsyntax.ScopeTraversalExpr)
		if !ok || expr.Traversal.RootName() != "module" {
			return nil
		}
		// module.NAME, then any [key] of a count/for_each module, then .OUTPUT
		var names []string
		for _, step := range expr.Traversal[1:] {
			if attr, ok := step.(hcl.TraverseAttr); ok {
				names = append(names, attr.Name)
				if len(names) == 2 {
					break
				}
			} else if len(names) == 0 {
				break
			}
		}
		if len(names) == 2 {
			mod.References = append(mod.References, reference{position: pos(root, expr.SrcRange), Module: names[0], Output: names[1]})
		}
		return nil
	})
}

// Every string literal inside an expression, in source order.
func literals(expr hclsyntax.Expression) []string {
	found := []string{}
	hclsyntax.VisitAll(expr, func(node hclsyntax.Node) hcl.Diagnostics {
		if literal, ok := node.(*hclsyntax.LiteralValueExpr); ok && literal.Val.Type().FriendlyName() == "string" {
			found = append(found, literal.Val.AsString())
		}
		return nil
	})
	return found
}
