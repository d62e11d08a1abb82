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

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
