package testsite

import (
	"net"
	"os"
	"testing"

	"relais/internal/boundtest"
)

// needServer skips the test when the server's program is missing, or
// fails it when the environment variable require is 1 (as CI sets).
func needServer(t testing.TB, what, require, install string) {
	t.Helper()
	if os.Getenv(require) == "1" {
		t.Fatalf("%s not found and %s=1: %s", what, require, install)
	}
	t.Skipf("%s not found (%s); set %s=1 to fail instead", what, install, require)
}

// runFolder is a folder of the test for a server's configuration, pid
// and logs, removed at its end.
func runFolder(t testing.TB, prefix string) string {
	t.Helper()
	run, err := os.MkdirTemp("", prefix)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(run) })
	return run
}

// freeAddr is a loopback address no one listens on ("127.0.0.1:port").
func freeAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// waitListening waits until a server answers at addr.
func waitListening(t testing.TB, what, addr string) {
	t.Helper()
	boundtest.Eventually(t, what, func() bool {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
		}
		return err == nil
	})
}
