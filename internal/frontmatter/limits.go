package frontmatter

import (
	"bytes"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"

	"relais/internal/diag"
	"relais/internal/i18n"
)

// Limits that no real page or data file comes near, and that keep hostile
// or broken input from taking the build's memory or minutes of its time:
// the parsers recurse once per level of nesting, and expand YAML aliases
// in full.
const (
	// MaxDepth is how deeply lists and tables ([ and {) may nest.
	MaxDepth = 100
	// MaxValues is how many values a YAML document may hold once its
	// aliases (*name) are expanded.
	MaxValues = 1_000_000
	// MaxFields is how many fields front matter may have.
	MaxFields = 1000
	// MaxEntries is how many keys, at any depth, front matter may have,
	// and MaxDataEntries a YAML file of data/: the YAML parser takes time
	// that grows with the square of a mapping's keys (10,000: 0.3 s;
	// 40,000: 4.3 s).
	MaxEntries     = 1000
	MaxDataEntries = 10_000
)

// CheckNesting refuses text whose brackets nest deeper than MaxDepth,
// before a parser recurses into them. It reads YAML, TOML and JSON alike:
// brackets inside quoted text and comments do not count. file names the
// source, first is the line of the file where src starts.
func CheckNesting(file string, src []byte, first int) *diag.Finding {
	depth, line := 0, first
	var quote byte
	comment := false
	for i := 0; i < len(src); i++ {
		c := src[i]
		if c == '\n' {
			line++
			comment = false // a quoted string may go on, as YAML's and TOML's do
			continue
		}
		switch {
		case comment:
		case quote != 0:
			if c == '\\' && quote == '"' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '#':
			comment = true
		case c == '[' || c == '{':
			if depth++; depth > MaxDepth {
				return diag.Errorf(file, line, "the values here are nested more than %d levels deep ([ or { inside one another)", MaxDepth).
					WithHint("this is surely a mistake: check the brackets")
			}
		case c == ']' || c == '}':
			depth = max(depth-1, 0)
		}
	}
	return nil
}

// CheckFields refuses front matter with more than MaxFields top-level
// lines, counted before parsing (the YAML parser takes quadratic time on
// large mappings).
func CheckFields(file string, src []byte, first int) *diag.Finding {
	n, start := 0, true
	for _, c := range src {
		if start && c != ' ' && c != '\t' && c != '\n' && c != '#' && c != '-' {
			if n++; n > MaxFields {
				return diag.Errorf(file, first, "the front matter has more than %d fields", MaxFields).
					WithHint("a page needs a few fields; put long lists of values in a file of data/ instead")
			}
		}
		start = c == '\n'
	}
	return nil
}

// CheckEntries refuses YAML with more than max keys, at any depth,
// counted before parsing: a colon followed by a space or a line's end,
// outside quotes and comments (a flow mapping's keys count too).
func CheckEntries(file string, src []byte, first, max int, what i18n.Text) *diag.Finding {
	n := 0
	var quote byte
	comment := false
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case c == '\n':
			comment = false
		case comment:
		case quote != 0:
			if c == '\\' && quote == '"' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '#':
			comment = true
		case c == ':' && (i+1 == len(src) || src[i+1] == ' ' || src[i+1] == '\t' || src[i+1] == '\n' || src[i+1] == '\r'):
			if n++; n > max {
				return diag.Errorf(file, first+bytes.Count(src[:i], []byte{'\n'}), "%s has more than %d values", what, max).
					WithHint("put long lists of values in a spreadsheet or a CSV file beside the page, or split them")
			}
		}
	}
	return nil
}

// CheckAliases refuses a YAML document whose aliases would expand to more
// than MaxValues values (the "billion laughs").
func CheckAliases(file string, f *ast.File, first int) *diag.Finding {
	anchors := map[string]int{}
	var size func(n ast.Node) int
	size = func(n ast.Node) int {
		total := 1
		switch n := n.(type) {
		case nil:
			return 0
		case *ast.DocumentNode:
			return size(n.Body)
		case *ast.MappingNode:
			total = sumSizes(total, n.Values, size)
		case *ast.MappingValueNode:
			total += size(n.Key) + size(n.Value)
		case *ast.SequenceNode:
			total = sumSizes(total, n.Values, size)
		case *ast.AnchorNode:
			s := size(n.Value)
			if n.Name != nil {
				anchors[n.Name.GetToken().Value] = s
			}
			return s
		case *ast.AliasNode:
			if n.Value != nil {
				return anchors[n.Value.GetToken().Value]
			}
		case *ast.TagNode:
			return size(n.Value)
		case *ast.MappingKeyNode:
			return size(n.Value)
		}
		return total
	}
	for _, d := range f.Docs {
		if size(d) > MaxValues {
			return diag.Errorf(file, first, "the aliases (*name) of this YAML would repeat more than %d values", MaxValues).
				WithHint("write the values out, or use fewer aliases")
		}
	}
	return nil
}

// DecodeYAML decodes a YAML document (a data file) within the limits,
// parsing it once: nesting is checked before the parser recurses, aliases
// once it has. A limit is a *diag.Finding; a syntax error is the parser's
// (a yaml.Error, with its position).
func DecodeYAML(file string, src []byte) (any, error) {
	if f := CheckNesting(file, src, 1); f != nil {
		return nil, f
	}
	if f := CheckEntries(file, src, 1, MaxDataEntries, i18n.T("this data file")); f != nil {
		return nil, f
	}
	tree, err := parseYAMLSafe(src)
	if err != nil {
		return nil, err
	}
	if f := CheckAliases(file, tree, 1); f != nil {
		return nil, f
	}
	if len(tree.Docs) == 0 || tree.Docs[0] == nil || tree.Docs[0].Body == nil {
		return nil, nil
	}
	var v any
	if err := yaml.NodeToValue(tree.Docs[0].Body, &v); err != nil {
		return nil, err
	}
	return v, nil
}

// sumSizes adds the sizes of nodes to total, stopping past MaxValues.
func sumSizes[N ast.Node](total int, nodes []N, size func(ast.Node) int) int {
	for _, n := range nodes {
		if total += size(n); total > MaxValues {
			break
		}
	}
	return total
}
