package memtune

import (
	"math"
	"runtime/debug"
	"testing"
)

func TestLimit(t *testing.T) {
	for _, tc := range []struct {
		live uint64
		want int64
	}{
		{0, Floor},
		{50 << 20, Floor},
		{100 << 20, 185 << 20},
		{1 << 30, 1986422374}, // 1.85 GiB
		{math.MaxUint64, math.MaxInt64},
	} {
		if got := Limit(tc.live); got != tc.want {
			t.Errorf("Limit(%d) = %d, want %d", tc.live, got, tc.want)
		}
	}
}

// Start changes the collector's settings and stop restores them; settings
// from the environment are left alone.
func TestStartStop(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	before := debug.SetGCPercent(-1)
	debug.SetGCPercent(before)
	stop := Start()
	if p := debug.SetGCPercent(gcPercent); p != gcPercent {
		t.Errorf("GC percent during the build = %d, want %d", p, gcPercent)
	}
	if l := debug.SetMemoryLimit(-1); l < Floor {
		t.Errorf("memory limit during the build = %d, want at least %d", l, Floor)
	}
	stop()
	if p := debug.SetGCPercent(before); p != before {
		t.Errorf("GC percent after stop = %d, want %d", p, before)
	}

	t.Setenv("GOGC", "50")
	stop = Start()
	if p := debug.SetGCPercent(before); p != before {
		t.Errorf("with GOGC set, Start changed the GC percent to %d", p)
	}
	stop()
}
