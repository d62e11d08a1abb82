// Package graphtest assembles a page graph for the tests of the
// packages that read one.
package graphtest

import (
	"testing"
	"time"

	"relais/internal/config"
	"relais/internal/diag"
	"relais/internal/graph"
	"relais/internal/page"
)

// Assemble is the graph of pages for a site with cfg, published as of
// now; a finding of the assembly fails t.
func Assemble(t testing.TB, cfg *config.Config, pages ...*page.Page) *graph.Graph {
	t.Helper()
	g := graph.New()
	var l diag.List
	g.Assemble(graph.Input{Pages: pages, Publish: page.Options{Now: time.Now()}, Config: cfg,
		TaxonomyTitle: func(string, string) string { return "" }}, &l)
	if len(l) != 0 {
		t.Fatal(l)
	}
	return g
}
