package incremental

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"syscall"
	"testing"

	"relais/internal/record"
)

// TestFresh: a record is fresh while each input it read has the hash it
// had; an input changed, gone or new since is not.
func TestFresh(t *testing.T) {
	a := record.Key{Kind: record.Kind(record.File), Name: "a.md"}
	b := record.Key{Kind: record.Kind(record.File), Name: "b.md"}
	rc := record.New()
	rc.Name(record.File, "a.md")
	rc.Name(record.File, "b.md")
	rc.Images = []record.Image{{Src: "x.jpg"}, {Src: "x.jpg"}, {Src: "y.jpg"}}
	now := map[record.Key]uint64{a: 3, b: 5}
	hash := func(k record.Key) uint64 { return now[k] }
	rec := NewRecord("single.html", 9, rc, hash)
	if len(rec.Deps) != 2 || len(rec.Images) != 2 || rec.Tpl != "single.html" || rec.TplHash != 9 {
		t.Fatalf("record: %+v", rec)
	}
	for _, tc := range []struct {
		name  string
		a, b  uint64
		fresh bool
	}{{"unchanged", 3, 5, true}, {"a changed", 4, 5, false}, {"b gone", 3, 0, false}} {
		now[a], now[b] = tc.a, tc.b
		if got := rec.Fresh(hash); got != tc.fresh {
			t.Errorf("%s: fresh %v, want %v", tc.name, got, tc.fresh)
		}
	}
}

// TestBatch: every output is rendered once, on several workers; what
// was rendered is counted (and named, with Paths); an error, a full disk
// and a panic fail their output only, and a panic is told as a bug; a
// done context stops handing out work.
func TestBatch(t *testing.T) {
	var batch []*Output
	for i := range 40 {
		batch = append(batch, &Output{Out: fmt.Sprintf("p%02d/index.html", i)})
	}
	r := &Run{Paths: true, One: func(o *Output, buf *bytes.Buffer) (*Record, bool, error) {
		switch o.Out {
		case "p01/index.html":
			return nil, false, errors.New("bad template")
		case "p02/index.html":
			return nil, false, fmt.Errorf("write: %w", syscall.ENOSPC)
		case "p03/index.html":
			panic("boom")
		case "p04/index.html":
			return &Record{}, false, nil // fresh: not rendered again
		}
		return &Record{Sum: 1}, true, nil
	}}
	done := 0
	r.Progress = func(n, total int) { done = n }
	r.Batch(context.Background(), batch)
	slices.Sort(r.Failed)
	if len(r.Next) != 37 || r.Rendered != 36 || len(r.RenderedPaths) != 36 || done != 40 || r.DiskFull != 1 ||
		!slices.Equal(r.Failed, []string{"p01/index.html", "p02/index.html", "p03/index.html"}) {
		t.Errorf("next %d, rendered %d (%d named), progress %d, disk full %d, failed %v", len(r.Next), r.Rendered, len(r.RenderedPaths), done, r.DiskFull, r.Failed)
	}
	if errs := r.Errs.Error(); !strings.Contains(errs, "bad template") || !strings.Contains(errs, "this is a bug in relais") {
		t.Errorf("errors: %s", errs)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	stopped := &Run{One: func(o *Output, buf *bytes.Buffer) (*Record, bool, error) { return &Record{}, true, nil }}
	stopped.Batch(ctx, batch)
	if stopped.Rendered != 0 {
		t.Errorf("a done context rendered %d outputs", stopped.Rendered)
	}
}
