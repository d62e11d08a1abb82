// Package memtune sets the garbage collector for a one-shot build.
//
// Go's default collects whenever the heap has doubled since the last
// collection. A build allocates much and keeps little (a page's syntax tree
// and rendered HTML live only while the page is converted and written), so
// with the default the collector runs often on a small heap. Start lets the
// heap grow to about five times what is live, within a memory limit that
// follows the live heap: at least Floor, and Headroom times what is live.
// The build then spends less time collecting while its peak memory stays
// bounded; a site too large for the floor raises the limit instead of
// making the collector run without end.
//
// Settings given in the environment (GOGC, GOMEMLIMIT) are left alone.
package memtune

import (
	"math"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"time"
)

// The limit counts the memory Go manages, not the program's code, which
// a build of the 10,000-page corpus has about 33 MB of in memory: with a
// floor of 192 MiB and 2.5 times the live heap, the build peaked at
// 226-229 MB; with 150 MiB and 1.85 times, at 192-193 MB, for 3.6 % more
// CPU (issue 41 asks 200 MB at most; benchmarks.md, « Memory »).
const (
	// Floor is the lowest memory limit.
	Floor = 150 << 20
	// Headroom is the memory limit as a multiple of the live heap.
	Headroom = 1.85
	// gcPercent applies below the limit.
	gcPercent = 400
)

// Start tunes the collector until stop is called, which restores the
// settings it found.
func Start() (stop func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	oldPercent := debug.SetGCPercent(gcPercent)
	oldLimit := debug.SetMemoryLimit(Floor)
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		limit := int64(Floor)
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
			}
			metrics.Read(sample)
			if sample[0].Value.Kind() != metrics.KindUint64 {
				continue
			}
			want := Limit(sample[0].Value.Uint64())
			if want > limit {
				limit = want
				debug.SetMemoryLimit(limit)
			}
		}
	}()
	return func() {
		close(done)
		wg.Wait()
		debug.SetGCPercent(oldPercent)
		debug.SetMemoryLimit(oldLimit)
	}
}

// Limit is the memory limit for a live heap of the given size.
func Limit(live uint64) int64 {
	l := float64(live) * Headroom
	if l > math.MaxInt64/2 {
		return math.MaxInt64
	}
	return max(int64(l), Floor)
}
