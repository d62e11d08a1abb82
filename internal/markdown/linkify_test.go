package markdown

import (
	"bytes"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// quickLinkify links exactly what goldmark's linkify links.
func FuzzQuickLinkify(f *testing.F) {
	for _, s := range []string{
		"voir https://example.org/a?b, www.example.org ou ftp://x.y",
		"écrire à contact@example.org (ou *admin@x.fr*) ; http:/pas un lien",
		"(www.a.fr) ~https://b.fr~ _http://c.fr_ w h f @",
		"un texte sans lien, avec des mots qui commencent par h, f et w",
	} {
		f.Add(s)
	}
	plain := goldmark.New(goldmark.WithExtensions(extension.Linkify, extension.Strikethrough))
	quick := goldmark.New(goldmark.WithExtensions(quickLinkify{}, extension.Strikethrough))
	f.Fuzz(func(t *testing.T, s string) {
		var a, b bytes.Buffer
		errA := plain.Convert([]byte(s), &a)
		errB := quick.Convert([]byte(s), &b)
		if (errA == nil) != (errB == nil) || a.String() != b.String() {
			t.Errorf("%q:\nlinkify: %s\nquick:   %s", s, a.String(), b.String())
		}
	})
}
