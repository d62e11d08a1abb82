// Command relais is a static-site generator for social-intervention teams.
// See README.md, or run relais help.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"relais/internal/cli"
)

// main stops cleanly on Ctrl-C, on SIGTERM (also a Windows console
// window closed) and on SIGHUP (a terminal closed): every file relais
// writes is written whole or not at all.
func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	code := cli.Run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
