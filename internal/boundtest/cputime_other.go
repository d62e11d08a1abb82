//go:build !unix

package boundtest

import "time"

var start = time.Now()

// cpuTime is, where the process's CPU time is not read, the time since
// the process started: a busy machine makes Growth less exact there.
func cpuTime() time.Duration { return time.Since(start) }
