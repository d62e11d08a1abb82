package blob

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
)

func TestStore(t *testing.T) {
	for _, tc := range []struct {
		name  string
		store func() *Store
		file  bool
	}{
		{"file", func() *Store { return New(t.TempDir()) }, true},
		{"memory", func() *Store { return &Store{} }, false}, // as when no file can be made
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.store()
			if (s.f != nil) != tc.file {
				t.Fatalf("backed by a file: %v, want %v", s.f != nil, tc.file)
			}
			// Values of every size, put and read back from several
			// goroutines, reads interleaved with puts.
			var wg sync.WaitGroup
			for g := range 4 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					var refs []Ref
					var want [][]byte
					for i := range 200 {
						v := bytes.Repeat([]byte(fmt.Sprintf("%d-%d;", g, i)), i*i%3000)
						refs = append(refs, s.Put(v))
						want = append(want, v)
						if i%7 == 0 {
							for j := range refs {
								if got := s.Get(refs[j]); !bytes.Equal(got, want[j]) {
									t.Errorf("goroutine %d, value %d: got %d bytes, want %d", g, j, len(got), len(want[j]))
									return
								}
							}
						}
					}
				}()
			}
			wg.Wait()
			if got := s.Get(Ref{}); got != nil {
				t.Errorf("the zero Ref gave %q", got)
			}
			if tc.file && s.Size() == 0 {
				t.Error("a file store reports an empty file")
			}
		})
	}
}

// A value put is copied: changing the caller's slice afterwards, or the
// slice Get returned, changes nothing stored.
func TestStoreCopies(t *testing.T) {
	s := New(t.TempDir())
	for _, n := range []int{10, 5000} {
		b := bytes.Repeat([]byte("a"), n)
		r := s.Put(b)
		b[0] = 'b'
		got := s.Get(r)
		if got[0] != 'a' {
			t.Errorf("%d bytes: the stored value changed with the caller's slice", n)
		}
		got[1] = 'c'
		if again := s.Get(r); n > small && again[1] != 'a' {
			t.Errorf("%d bytes: the stored value changed with a read slice", n)
		}
	}
}

// A store whose file fails to write loses nothing: the values stay in
// memory; one that cannot read back says so with Err, never a panic.
func TestIOError(t *testing.T) {
	s := New(t.TempDir())
	var refs []Ref
	for i := range 100 { // more than one buffer: some are written
		refs = append(refs, s.Put(bytes.Repeat([]byte{byte('a' + i%26)}, 4096)))
	}
	s.f.Close()          // as if the disk went away
	for i := range 100 { // these cannot be written
		refs = append(refs, s.Put(bytes.Repeat([]byte{byte('a' + i%26)}, 4096)))
	}
	for i, r := range refs[100:] {
		if got := s.Get(r); len(got) != 4096 || got[0] != byte('a'+i%26) {
			t.Fatalf("value %d put after the failure is lost", i)
		}
	}
	if s.Err() != nil {
		t.Errorf("a failed write is an error: %v", s.Err())
	}
	if got := s.Get(refs[0]); got != nil {
		t.Errorf("a value that cannot be read back reads as %d bytes", len(got))
	}
	if e, ok := s.Err().(*IOError); !ok || !strings.Contains(e.Error(), "temporary file") {
		t.Errorf("Err() = %v, want an IOError", s.Err())
	}
}

// TestClose: a store's file goes at Close, not only when the store is
// collected; closing twice is harmless.
func TestClose(t *testing.T) {
	dir := t.TempDir()
	s := New(dir)
	s.Put(make([]byte, bufSize+1))
	f := s.f
	if f == nil {
		t.Fatal("no file")
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Stat(); err == nil {
		t.Errorf("the file is still open after Close")
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("the store left %d files", len(ents))
	}
}

// TestCompact: a store mostly of dead values is replaced by one holding
// the live values alone, each ref moved; one under the floor, or mostly
// live, is kept as it is.
func TestCompact(t *testing.T) {
	for _, c := range []struct {
		name        string
		dead, floor int64
		compacted   bool
	}{
		{"mostly dead", 1000, 0, true},
		{"under the floor", 1000, 1 << 20, false},
		{"mostly live", 10, 0, false},
		{"a negative floor is no floor", 1000, -1, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := New(t.TempDir())
			live := []Ref{s.Put([]byte("alpha")), s.Put([]byte("beta")), {}}
			s.Put(bytes.Repeat([]byte("x"), int(c.dead)))
			refs := func(yield func(*Ref) bool) {
				for i := range live {
					if !yield(&live[i]) {
						return
					}
				}
			}
			got := Compact(s, c.floor, refs)
			if (got != s) != c.compacted {
				t.Fatalf("compacted: %v, want %v", got != s, c.compacted)
			}
			for i, want := range []string{"alpha", "beta", ""} {
				if v := string(got.Get(live[i])); v != want {
					t.Errorf("value %d = %q, want %q", i, v, want)
				}
			}
			if c.compacted && got.Size() >= s.Size() {
				t.Errorf("the new store is %d bytes, the old %d", got.Size(), s.Size())
			}
			got.Close()
		})
	}
}
