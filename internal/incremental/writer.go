package incremental

import (
	"bytes"
	"hash/maphash"
	"io"
	"slices"
	"strings"
	"sync/atomic"

	"relais/internal/blob"
	"relais/internal/diag"
	"relais/internal/fact"
	"relais/internal/i18n"
	"relais/internal/load"
	"relais/internal/output"
	"relais/internal/page"
	"relais/internal/record"
	"relais/internal/sitecheck"
)

// Writer renders outputs into a transaction of the output folder, each
// unless its inputs are unchanged since the last build, and stages it if
// its bytes changed (One, for Run.One).
type Writer struct {
	Tx      *output.Tx
	Prev    map[string]*Record // the last good build's records, by output; nil before one
	Hash    Hash               // an input's hash now
	TplHash func(name string) uint64
	// Open opens a file copied as it is, as published (without its
	// metadata); CheckCopy refuses one (a stylesheet that loads from
	// another site) before it is.
	Open      func(e *load.File) (io.ReadCloser, error)
	CheckCopy func(e *load.File) error
	// Check refuses what an output would publish (a load from another
	// site).
	Check  func(o *Output, b []byte) error
	Sealer Sealer
	Index  Indexer
	Blobs  *blob.Store // where pages' search terms are kept
	Audit  bool        // keep each page's links (Record.Hrefs)
	moved  atomic.Bool
}

// Sealer encrypts the pages of an encrypted partner area (area.Areas).
type Sealer interface {
	Sealed(o *Output) bool
	Seal(o *Output, b []byte) ([]byte, error)
}

// Indexer keeps what the search index holds of a page as rendered
// (searchindex.Indexes).
type Indexer interface {
	Holds(o *Output) bool
	Terms(p *page.Page, html []byte) []byte
}

// seed seeds the hashes of outputs' bytes, compared between builds of
// one process.
var seed = maphash.MakeSeed()

// Moved reports whether an output rendered was new or changed its
// anchors (its id attributes): then every page's links must be checked
// again.
func (w *Writer) Moved() bool { return w.moved.Load() }

// One renders o unless it is fresh: its record, and whether it was
// rendered.
func (w *Writer) One(o *Output, buf *bytes.Buffer) (*Record, bool, error) {
	prev := w.Prev[o.Out]
	if o.CopyOf != nil {
		return w.copy(o, prev)
	}
	tplHash := w.TplHash(o.Tpl)
	indexed := w.Index.Holds(o)
	if prev != nil && prev.Tpl == o.Tpl && prev.TplHash == tplHash && (prev.SearchSum != 0 || !indexed) && prev.Fresh(w.Hash) {
		return prev, false, nil
	}
	rc := record.New()
	if o.Stream != nil {
		return w.stream(o, prev, tplHash, rc)
	}
	buf.Reset()
	if err := o.Render(rc, buf); err != nil {
		return nil, false, err
	}
	sealed := w.Sealer.Sealed(o)
	if sealed {
		rc.Fact(fact.Logins) // encrypted with the partners' keys
	}
	rec := NewRecord(o.Tpl, tplHash, rc, w.Hash)
	if err := w.Check(o, buf.Bytes()); err != nil {
		return nil, false, err
	}
	if strings.HasSuffix(o.Out, ".html") {
		rec.IDs = sitecheck.AttrValues(buf.Bytes(), "id")
		if w.Audit {
			rec.Hrefs = sitecheck.AttrValues(buf.Bytes(), "href")
		}
	}
	if prev == nil || !slices.Equal(rec.IDs, prev.IDs) {
		w.moved.Store(true)
	}
	if sealed {
		b, err := w.Sealer.Seal(o, buf.Bytes())
		if err != nil {
			return nil, false, err
		}
		buf.Reset()
		buf.Write(b)
	}
	if indexed {
		enc := w.Index.Terms(o.Page, buf.Bytes())
		rec.SearchSum = maphash.Bytes(seed, enc) | 1
		if prev != nil && prev.SearchSum == rec.SearchSum {
			rec.Search = prev.Search
		} else {
			rec.Search = w.Blobs.Put(enc)
		}
	}
	rec.Sum = maphash.Bytes(seed, buf.Bytes())
	if prev != nil && prev.Sum == rec.Sum {
		return rec, true, nil
	}
	if _, err := w.Tx.Write(o.Out, buf.Bytes()); err != nil {
		return nil, false, i18n.Errorf("cannot write %s: %w", o.Out, err)
	}
	return rec, true, nil
}

// copy copies a file as it is, unless it is unchanged.
func (w *Writer) copy(o *Output, prev *Record) (*Record, bool, error) {
	e := o.CopyOf
	rec := &Record{Deps: []Dep{{Key: record.Key{Kind: record.Kind(record.File), Name: e.Path}, Val: e.Stamp | 1}}, TplHash: 1, Sum: e.Stamp | 1}
	if prev != nil && prev.Sum == rec.Sum && prev.Fresh(w.Hash) {
		return prev, false, nil
	}
	if err := w.CheckCopy(e); err != nil {
		return nil, false, err
	}
	if _, err := w.Tx.Copy(o.Out, e.PublishedSize(), func() (io.ReadCloser, error) { return w.Open(e) }); err != nil {
		return nil, false, diag.Errorf(e.Path, 0, "cannot copy this file: %v", i18n.FileErr(err))
	}
	return rec, true, nil
}

// stream makes an output too large to hold in memory, unless its bytes
// are unchanged.
func (w *Writer) stream(o *Output, prev *Record, tplHash uint64, rc *record.Render) (*Record, bool, error) {
	size, open, sum, err := o.Stream(rc)
	if err != nil {
		return nil, false, err
	}
	rec := NewRecord(o.Tpl, tplHash, rc, w.Hash)
	rec.Sum = sum | 1
	if prev != nil && prev.Sum == rec.Sum {
		return rec, true, nil
	}
	if _, err := w.Tx.Copy(o.Out, size, open); err != nil {
		return nil, false, i18n.Errorf("cannot write %s: %w", o.Out, err)
	}
	return rec, true, nil
}
