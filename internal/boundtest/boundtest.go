// Package boundtest bounds what a test's subject may do, instead of
// racing the wall clock.
//
// A test on a busy two-core machine (CI, two CPU hogs beside it) can take
// ten times as long as on an idle one, so no test asserts that something
// ends within seconds. What a test bounds instead:
//
//   - the work: bytes allocated (Alloc), or how the work grows with the
//     input (Growth), which a busy machine does not change;
//   - progress: Run fails when the subject has not ended after Hang, and
//     Eventually when a condition stays false that long. Hang is minutes,
//     far beyond any bounded input on a loaded machine: it tells an
//     endless loop from a slow one, and the failure says what did not end,
//     with the goroutines' stacks.
package boundtest

import (
	"context"
	"runtime"
	"strings"
	"testing"
	"time"
)

// Hang is how long a piece of work may go on before a test calls it hung.
const Hang = 3 * time.Minute

// Run runs f in a goroutine with a context that is cancelled when Run
// returns, and returns its error; if f has not returned after Hang, the
// test fails, naming what and where the goroutines are.
func Run(t testing.TB, what string, f func(ctx context.Context) error) error {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- f(ctx) }()
	select {
	case err := <-done:
		return err
	case <-time.After(Hang):
		t.Fatalf("%s: still running after %s: it hangs\n%s", what, Hang, stacks())
		return nil
	}
}

// Alloc runs f as Run does, and fails the test if the process allocated
// more than max bytes meanwhile. The count is the whole process's
// (runtime.MemStats.TotalAlloc), so a test that uses it must not run in
// parallel with others (no t.Parallel in it or beside it in its package
// while it runs: Go runs parallel tests only after the others).
func Alloc(t testing.TB, max uint64, what string, f func(ctx context.Context) error) error {
	t.Helper()
	before := allocated()
	err := Run(t, what, f)
	got := allocated() - before
	t.Logf("%s: allocated %d MB", what, got>>20)
	if got > max {
		t.Errorf("%s: allocated %d MB, more than the %d MB allowed", what, got>>20, max>>20)
	}
	return err
}

func allocated() uint64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.TotalAlloc
}

// Eventually polls cond until it is true, failing the test with what if
// it stays false for Hang.
func Eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(Hang)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not seen after %s", what, Hang)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Wait receives from ch, failing the test with what if nothing comes
// within Hang.
func Wait[T any](t testing.TB, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(Hang):
		t.Fatalf("%s: nothing after %s\n%s", what, Hang, stacks())
		var zero T
		return zero
	}
}

// stacks returns every goroutine's stack, cut to a readable length.
func stacks() string {
	buf := make([]byte, 1<<20)
	s := string(buf[:runtime.Stack(buf, true)])
	if lines := strings.Split(s, "\n"); len(lines) > 200 {
		s = strings.Join(lines[:200], "\n") + "\n…"
	}
	return s
}

// Growth runs f on an input of size n and on one four times as large,
// and fails the test if the work grew more than eight times (a linear
// cost grows four times, a quadratic one sixteen). The work is the bytes
// allocated and the process's CPU time, each the least of three runs, so
// that a busy machine does not change the ratio much; both must stay
// under the bound. As with Alloc, the test must not run in parallel.
func Growth(t testing.TB, what string, n int, f func(ctx context.Context, n int) error) {
	t.Helper()
	measure := func(size int) (alloc uint64, cpu time.Duration) {
		for i := range 3 {
			// What was left to collect before is not f's work: a
			// collection running on the other core while f runs counted
			// in its CPU time (TestGrowth missed a quadratic time once,
			// after a case that allocated 500 MB).
			runtime.GC()
			a0, c0 := allocated(), cpuTime()
			if err := Run(t, what, func(ctx context.Context) error { return f(ctx, size) }); err != nil {
				t.Fatalf("%s, size %d: %v", what, size, err)
			}
			a, c := allocated()-a0, cpuTime()-c0
			if i == 0 || a < alloc {
				alloc = a
			}
			if i == 0 || c < cpu {
				cpu = c
			}
		}
		return alloc, cpu
	}
	a1, c1 := measure(n)
	a4, c4 := measure(4 * n)
	ra := float64(a4) / float64(max(a1, 1))
	rc := float64(c4) / float64(max(c1, time.Millisecond))
	t.Logf("%s: size %d → %d: allocated %d → %d KB (×%.1f), CPU %v → %v (×%.1f)", what, n, 4*n, a1>>10, a4>>10, ra, c1, c4, rc)
	if ra > 8 {
		t.Errorf("%s: four times the input allocates %.1f times as much: it grows faster than the input", what, ra)
	}
	if rc > 8 {
		t.Errorf("%s: four times the input takes %.1f times the CPU time: it grows faster than the input", what, rc)
	}
}
