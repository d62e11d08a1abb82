// Package section is what a kind of section with rules of its own
// (package kit, package directory) is given by the build, and gives back,
// for the files it publishes beside its pages: the build to read, and
// its outputs. The interfaces such a section implements are declared
// where the orchestrator uses them (package site: Section, Faceted,
// Checker, Publisher, Auditor); this package holds the types they share,
// so that a section's package need not import the orchestrator.
package section

import (
	"bytes"

	"relais/internal/config"
	"relais/internal/graph"
	"relais/internal/page"
	"relais/internal/record"
)

// Build is what a section's outputs read of the site being built.
type Build interface {
	// Config is the site's settings.
	Config() *config.Config
	// Graph is the page graph: which pages are published, where, in
	// which lists.
	Graph() *graph.Graph
}

// Output is a file a section publishes.
type Output struct {
	// Path is where it is written, under the output folder
	// ("partenaires/annuaire.csv").
	Path string
	// Page is the page it is of: messages about it name that page.
	Page *page.Page
	// Render writes it to w, recording in rc what it reads (the pages,
	// through rc.Page, and the lists, through the graph), so that the
	// preview writes it again when one of them changes.
	Render func(rc *record.Render, w *bytes.Buffer) error
}
