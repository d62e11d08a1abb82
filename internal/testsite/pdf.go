package testsite

import (
	"bytes"
	"compress/zlib"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"
)

// streamRe matches a PDF stream's bytes.
var streamRe = regexp.MustCompile(`(?s)stream\r?\n(.*?)\r?\nendstream`)

// PDFText is the text a PDF holds, for tests that look for what must not
// be published: the strings of its objects and of its streams (inflated),
// read as UTF-16 where they are (as PDF writes non-Latin text and
// metadata), and the text of its pages, whose strings are glyph numbers:
// read through each font's map from glyphs to text (ToUnicode), every
// map in turn, a page's strings joined by spaces. It is no layout: words
// come as the PDF writes them.
func PDFText(b []byte) string {
	var out strings.Builder
	add := func(data []byte) {
		strs(data, &out)
		for _, m := range hexRe.FindAllSubmatch(data, -1) {
			if h := m[1]; bytes.HasPrefix(bytes.ToUpper(h), []byte("FEFF")) {
				out.WriteString(decode(unhex(h)))
				out.WriteByte('\n')
			}
		}
	}
	add(b)
	var streams [][]byte
	var maps []map[string][]byte
	for _, m := range streamRe.FindAllSubmatch(b, -1) {
		data := m[1]
		if zr, err := zlib.NewReader(bytes.NewReader(m[1])); err == nil {
			if d, err := io.ReadAll(io.LimitReader(zr, 64<<20)); err == nil || len(d) > 0 {
				data = d
			}
		}
		streams = append(streams, data)
		if bytes.Contains(data, []byte("beginbfchar")) {
			cm := map[string][]byte{}
			for _, e := range bfcharRe.FindAllSubmatch(data, -1) {
				cm[string(bytes.ToUpper(e[1]))] = unhex(e[2])
			}
			maps = append(maps, cm)
		}
		add(data)
	}
	for _, data := range streams {
		glyphs := glyphRe.FindAllSubmatch(data, -1)
		if len(glyphs) == 0 {
			continue
		}
		for _, cm := range maps {
			var words []string
			for _, g := range glyphs {
				h := bytes.ToUpper(g[1])
				var u []byte
				for i := 0; i+4 <= len(h); i += 4 {
					u = append(u, cm[string(h[i:i+4])]...)
				}
				words = append(words, decode(append([]byte{0xfe, 0xff}, u...)))
			}
			out.WriteString(strings.Join(words, " "))
			out.WriteByte('\n')
		}
	}
	return out.String()
}

var (
	hexRe    = regexp.MustCompile(`<([0-9A-Fa-f]{4,})>`)
	glyphRe  = regexp.MustCompile(`<([0-9A-Fa-f]{4,})> ?Tj`)
	bfcharRe = regexp.MustCompile(`<([0-9A-Fa-f]{4})> <([0-9A-Fa-f]*)>`)
)

func unhex(h []byte) []byte {
	out := make([]byte, len(h)/2)
	for i := range out {
		v, _ := strconv.ParseUint(string(h[2*i:2*i+2]), 16, 8)
		out[i] = byte(v)
	}
	return out
}

// strs writes the (…) strings of PDF syntax in data, one a line.
func strs(data []byte, out *strings.Builder) {
	for i := 0; i < len(data); i++ {
		if data[i] != '(' {
			continue
		}
		var s []byte
		depth := 1
		j := i + 1
		for ; j < len(data) && depth > 0; j++ {
			c := data[j]
			switch {
			case c == '\\' && j+1 < len(data):
				j++
				switch e := data[j]; e {
				case 'n':
					s = append(s, '\n')
				case 'r':
					s = append(s, '\r')
				case 't':
					s = append(s, '\t')
				case 'b':
					s = append(s, '\b')
				case 'f':
					s = append(s, '\f')
				default:
					if e >= '0' && e <= '7' {
						v, k := 0, 0
						for ; k < 3 && j+k < len(data) && data[j+k] >= '0' && data[j+k] <= '7'; k++ {
							v = v*8 + int(data[j+k]-'0')
						}
						s = append(s, byte(v))
						j += k - 1
					} else {
						s = append(s, e)
					}
				}
			case c == '(':
				depth++
				s = append(s, c)
			case c == ')':
				depth--
				if depth > 0 {
					s = append(s, c)
				}
			default:
				s = append(s, c)
			}
		}
		out.WriteString(decode(s))
		out.WriteByte('\n')
		i = j - 1
	}
}

// decode reads a PDF string: UTF-16 when it has a byte order mark or
// reads as UTF-16 big-endian text, else as it is.
func decode(s []byte) string {
	s = bytes.TrimPrefix(s, []byte{0xfe, 0xff})
	if len(s) >= 2 && len(s)%2 == 0 {
		u := make([]uint16, len(s)/2)
		for i := range u {
			u[i] = uint16(s[2*i])<<8 | uint16(s[2*i+1])
		}
		if r := utf16.Decode(u); !strings.ContainsRune(string(r), '\uFFFD') && hasText(r) {
			return string(r)
		}
	}
	return string(s)
}

func hasText(r []rune) bool {
	for _, c := range r {
		if c >= 0x20 && c < 0x2070 {
			return true
		}
	}
	return false
}

// Poppler returns the path of a Poppler tool (pdftotext, pdftoppm), or
// skips the test without it; with RELAIS_REQUIRE_POPPLER=1 (as CI sets)
// a missing tool fails the test instead.
func Poppler(t testing.TB, tool string) string {
	t.Helper()
	p, err := exec.LookPath(tool)
	if err == nil {
		return p
	}
	if os.Getenv("RELAIS_REQUIRE_POPPLER") == "1" {
		t.Fatalf("%s not found and RELAIS_REQUIRE_POPPLER=1: apt-get install poppler-utils", tool)
	}
	t.Skipf("%s not found (apt-get install poppler-utils); set RELAIS_REQUIRE_POPPLER=1 to fail instead", tool)
	return ""
}

// PDFPages is the text of each page of a PDF as pdftotext lays it out.
func PDFPages(t testing.TB, pdf []byte) []string {
	t.Helper()
	tool := Poppler(t, "pdftotext")
	f := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(f, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, "-layout", "-enc", "UTF-8", f, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	pages := strings.Split(string(out), "\f")
	if n := len(pages); n > 0 && strings.TrimSpace(pages[n-1]) == "" {
		pages = pages[:n-1]
	}
	return pages
}
