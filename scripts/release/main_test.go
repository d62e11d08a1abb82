package main

import (
	"strings"
	"testing"
)

// Every target's notices hold Go's licence, each module's and the
// embedded fonts' and libwebp's, and say each once.
func TestNotices(t *testing.T) {
	if testing.Short() {
		t.Skip("lists the dependencies of six targets")
	}
	t.Chdir("../..") // where the script is run
	for _, tc := range []struct {
		target string
		want   []string // headings that must be there
	}{
		{"linux/amd64", []string{"Go go", "github.com/yuin/goldmark v", "github.com/gen2brain/webp v0.5.5: LICENSE.libwebp", "relais: internal/pdfdoc/fonts: LICENSE", "github.com/godbus/dbus/v5", "golang.org/x/crypto v0.59.0: PATENTS"}},
		{"windows/arm64", []string{"Go go", "github.com/pkg/sftp", "github.com/tetratelabs/wazero v1.9.0: NOTICE"}},
		{"darwin/arm64", []string{"github.com/alecthomas/chroma/v2 v2.27.0: COPYING"}},
	} {
		goos, goarch, _ := strings.Cut(tc.target, "/")
		b, err := notices(goos, goarch)
		if err != nil {
			t.Fatalf("%s: %v", tc.target, err)
		}
		text := string(b)
		for _, w := range tc.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: no %q in the notices", tc.target, w)
			}
		}
		if strings.Contains(text, "/root/") || strings.Contains(text, "pkg/mod") {
			t.Errorf("%s: the notices name a folder of this machine", tc.target)
		}
		if goos == "windows" && strings.Contains(text, "godbus") {
			t.Errorf("windows: the notices name a module the program does not hold (godbus)")
		}
	}
}
