// Package browsertest starts headless Chromium for tests.
//
// Tests that need a browser call New. Without Chromium on the machine they
// are skipped, unless RELAIS_REQUIRE_BROWSER=1 (as in CI), which makes the
// missing browser a failure: a green CI run must have run them.
//
// # Time
//
// No test has a budget for the whole of its time in the browser: the sum
// of its steps grows with every page a test checks and with the load of
// the machine, and a budget on it fails at random. Each step instead (a
// navigation, an evaluation, a key press, a condition awaited) fails when
// it makes no progress for StepTimeout, and the failure says which step.
// Run every browser action through Do, Run, Call, Navigate, Eval or
// WaitFor, never chromedp's own functions on the test's context, which
// have no bound at all.
package browsertest

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/chromedp"
)

// StepTimeout bounds one step in the browser. It is generous: it only
// tells a step that hangs from a slow one.
const StepTimeout = 2 * time.Minute

// Path returns the Chromium executable, or "".
func Path() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// New returns a browser tab's context, closed at the end of the test.
func New(t testing.TB) context.Context {
	t.Helper()
	ctx, _ := NewProfile(t, t.TempDir())
	return ctx
}

// NewProfile starts a browser whose profile (history, storage, cache) is
// the folder dir, and returns its first tab's context and a function that
// closes the browser as a reader does, letting it write its profile to the
// disk; the test may then read dir.
func NewProfile(t testing.TB, dir string) (context.Context, func()) {
	t.Helper()
	path := Path()
	if path == "" {
		if os.Getenv("RELAIS_REQUIRE_BROWSER") == "1" {
			t.Fatal("no Chromium found and RELAIS_REQUIRE_BROWSER=1: apt-get install chromium")
		}
		t.Skip("no Chromium found (apt-get install chromium); set RELAIS_REQUIRE_BROWSER=1 to fail instead")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(dir),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
	)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancelC()
		cancelA()
	})
	// The first run starts the browser; a timeout on it would close the
	// browser when it ends, so it is bounded by a watchdog instead.
	start(t, ctx, cancelC, "starting Chromium")
	return ctx, func() {
		t.Helper()
		// Cancel closes the browser gracefully and waits for it to end.
		if err := chromedp.Cancel(ctx); err != nil {
			t.Errorf("closing Chromium: %v", err)
		}
	}
}

// Tab opens another tab in the browser of ctx (a tab's context from New
// or Tab), closed at the end of the test. Tabs run side by side: each has
// its own page, viewport and emulated media.
func Tab(t testing.TB, ctx context.Context) context.Context {
	t.Helper()
	tab, cancel := chromedp.NewContext(ctx)
	t.Cleanup(cancel)
	start(t, tab, cancel, "opening a tab")
	return tab
}

// start runs the first, empty action on a new context, which opens its
// tab, cancelling it if it makes no progress for StepTimeout.
func start(t testing.TB, ctx context.Context, cancel context.CancelFunc, what string) {
	t.Helper()
	done := make(chan struct{})
	hung := make(chan struct{})
	go func() {
		select {
		case <-done:
		case <-time.After(StepTimeout):
			close(hung)
			cancel()
		}
	}()
	err := chromedp.Do(ctx)
	close(done)
	if err != nil {
		select {
		case <-hung:
			t.Fatalf("%s: no answer after %s", what, StepTimeout)
		default:
		}
		t.Fatalf("%s: %v", what, err)
	}
}

// step runs f with a context bounded by StepTimeout, and names the step
// that hung in the error.
func step(ctx context.Context, what string, f func(context.Context) error) error {
	sctx, cancel := context.WithTimeout(ctx, StepTimeout)
	defer cancel()
	err := f(sctx)
	if err != nil && errors.Is(sctx.Err(), context.DeadlineExceeded) && ctx.Err() == nil {
		return errors.New(what + ": no progress for " + StepTimeout.String())
	}
	return err
}

// Do runs actions as one step, failing the test on error.
func Do(t testing.TB, ctx context.Context, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := step(ctx, "browser actions", func(c context.Context) error { return chromedp.Do(c, actions...) }); err != nil {
		t.Fatal(err)
	}
}

// Run runs one action that answers a value, failing the test on error.
func Run[T any](t testing.TB, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	var v T
	err := step(ctx, "browser action", func(c context.Context) error {
		var err error
		v, err = chromedp.Run(c, a)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// Call sends one DevTools command to the tab, failing the test on error.
func Call[P, R any](t testing.TB, ctx context.Context, cmd cdp.Command[P, R], params P) R {
	t.Helper()
	var r R
	err := step(ctx, "DevTools command", func(c context.Context) error {
		var err error
		r, err = chromedp.Call(c, cmd, params)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// WaitFor polls a JavaScript expression until it is true, failing the
// test with what if it stays false for StepTimeout.
func WaitFor(t testing.TB, ctx context.Context, expr, what string) {
	t.Helper()
	deadline := time.Now().Add(StepTimeout)
	for {
		var ok bool
		err := step(ctx, what, func(c context.Context) error {
			var err error
			ok, err = chromedp.Run(c, chromedp.Evaluate[bool](expr))
			return err
		})
		if err == nil && ok {
			return
		}
		if ctx.Err() != nil || time.Now().After(deadline) {
			var body string
			_ = step(ctx, "reading the page", func(c context.Context) error {
				var err error
				body, err = chromedp.Run(c, chromedp.Evaluate[string](`location.href + "\n" + document.body.innerText.slice(0, 500)`))
				return err
			})
			t.Fatalf("%s: not seen after %s (last error: %v); page:\n%s", what, StepTimeout, err, body)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Eval evaluates a JavaScript expression, failing the test on error.
func Eval[T any](t testing.TB, ctx context.Context, expr string) T {
	t.Helper()
	var v T
	err := step(ctx, "evaluating "+short(expr), func(c context.Context) error {
		var err error
		v, err = chromedp.Run(c, chromedp.Evaluate[T](expr))
		return err
	})
	if err != nil {
		t.Fatalf("evaluating %s: %v", short(expr), err)
	}
	return v
}

// Navigate loads url in the tab, failing the test on error.
func Navigate(t testing.TB, ctx context.Context, url string) {
	t.Helper()
	if err := step(ctx, "navigating to "+url, func(c context.Context) error { return chromedp.Do(c, chromedp.Navigate(url)) }); err != nil {
		t.Fatalf("navigating to %s: %v", url, err)
	}
}

func short(s string) string {
	if len(s) > 200 {
		return s[:200] + "…"
	}
	return s
}
