package boundtest

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// recorder is a test that keeps its failures instead of failing.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}
func (r *recorder) Logf(string, ...any) {}
func (r *recorder) Helper()             {}

// TestGrowth: Growth passes a linear cost and fails a quadratic one, by
// memory and by CPU time.
func TestGrowth(t *testing.T) {
	sink := 0
	tests := []struct {
		name string
		f    func(ctx context.Context, n int) error
		want string // in the failure; "" for none
	}{
		{"linear", func(_ context.Context, n int) error {
			b := make([]byte, 0, 1024)
			for i := range n * 1000 {
				b = append(b[:0], byte(i))
				sink += int(b[0])
			}
			return nil
		}, ""},
		{"quadratic allocation", func(_ context.Context, n int) error {
			for i := range n {
				sink += len(strings.Repeat("x", i*64))
			}
			return nil
		}, "allocates"},
		{"quadratic time", func(_ context.Context, n int) error {
			// Enough work at the smaller size (tens of milliseconds) for
			// the CPU clock's ticks not to matter.
			for i := range n * 8 {
				for j := range n * 8 {
					sink += i ^ j
				}
			}
			return nil
		}, "CPU time"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &recorder{TB: t}
			Growth(r, tt.name, 1000, tt.f)
			got := strings.Join(r.errs, "\n")
			if tt.want == "" && got != "" || tt.want != "" && !strings.Contains(got, tt.want) {
				t.Errorf("failures: %q, want one with %q", got, tt.want)
			}
		})
	}
}
