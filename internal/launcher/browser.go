package launcher

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

// Browser opens addresses in her browser: the commands of BROWSER if it
// is set (separated as paths are; %s is the address, added at the end
// if absent), else the system's own way.
func Browser(getenv func(string) string) func(url string) error {
	return func(url string) error {
		if b := getenv("BROWSER"); b != "" {
			var last error
			for _, c := range filepath.SplitList(b) {
				f := strings.Fields(c)
				if len(f) == 0 {
					continue
				}
				args := f[1:]
				if strings.Contains(c, "%s") {
					for i := range args {
						args[i] = strings.ReplaceAll(args[i], "%s", url)
					}
				} else {
					args = append(args, url)
				}
				if last = spawn(f[0], args...); last == nil {
					return nil
				}
			}
			return last
		}
		switch runtime.GOOS {
		case "windows":
			return spawn("rundll32", "url.dll,FileProtocolHandler", url)
		case "darwin":
			return spawn("open", url)
		}
		for _, c := range []string{"xdg-open", "x-www-browser", "sensible-browser"} {
			if _, err := exec.LookPath(c); err == nil {
				return spawn(c, url)
			}
		}
		return errors.New("no browser found")
	}
}

// spawn runs a command without waiting for it (a browser may stay).
func spawn(name string, args ...string) error {
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = nil, nil
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait()
	return nil
}

// Home is her home folder.
func Home(getenv func(string) string) string {
	if h := getenv("HOME"); h != "" && runtime.GOOS != "windows" {
		return h
	}
	if h, err := os.UserHomeDir(); err == nil {
		return h
	}
	return "."
}
