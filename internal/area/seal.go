package area

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"io"

	xhtml "golang.org/x/net/html"

	"relais/internal/i18n"
)

// ContentID is the id of the element of an area's page whose content
// the encrypted area encrypts (the theme's baseof.html wraps the page's
// main block in it); the theme's script opens it in the browser.
const ContentID = "area-content"

// wrapAAD is bound to every partner's copy of the area's key.
const wrapAAD = "relais-area"

// Sealer encrypts the pages of the area, for one build.
type Sealer struct {
	master []byte
	lock   string // JSON: what every page carries to be opened
}

// lock is what a page of the encrypted area carries: the area's salt and
// iterations, and the area's key sealed with each partner's key. It
// names no partner.
type lock struct {
	Iterations int      `json:"iter"`
	Salt       string   `json:"salt"`
	Keys       []sealed `json:"keys"`
}

type sealed struct {
	Nonce string `json:"n"`
	Data  string `json:"k"`
}

// NewSealer is the sealer of the area for the partners of logins, with
// their keys: a login without a key is an error (it was added before the
// area was encrypted: add the partner again).
func NewSealer(ks *Keys, logins *Logins) (*Sealer, error) {
	if ks.Master == nil {
		return nil, i18n.Errorf("the encrypted partner area has no key yet: add the partners with relais partners add (or in the editor)")
	}
	b64 := base64.StdEncoding
	l := lock{Iterations: Iterations, Salt: b64.EncodeToString(ks.Salt)}
	for _, lg := range logins.List {
		var key []byte
		for _, k := range ks.List {
			if k.Login == lg.Login {
				key = k.Key
			}
		}
		if key == nil {
			return nil, i18n.Errorf("%s (%s) has no key for the encrypted area: remove the partner and add them again", lg.Name, lg.Login)
		}
		n, s := seal(key, ks.Master, []byte(wrapAAD))
		l.Keys = append(l.Keys, sealed{Nonce: b64.EncodeToString(n), Data: b64.EncodeToString(s)})
	}
	b, err := json.Marshal(l)
	if err != nil {
		return nil, err
	}
	return &Sealer{master: ks.Master, lock: string(b)}, nil
}

// Seal encrypts the content of the element ContentID of the page at url
// (its site path, bound to the ciphertext): the element keeps its id,
// loses its content, and carries it encrypted with what opens it.
func (sl *Sealer) Seal(page []byte, url string) ([]byte, error) {
	start, inner, end, ok := element(page, ContentID)
	if !ok {
		return nil, i18n.Errorf("the page has no element with id %q to encrypt: the theme's baseof.html wraps the main block in it", ContentID)
	}
	b64 := base64.StdEncoding
	n, s := seal(sl.master, page[inner:end], []byte(url))
	var b bytes.Buffer
	b.Grow(len(page) + len(page)/3)
	b.Write(page[:start])
	fmt.Fprintf(&b, `<div id=%q data-sealed="%s" data-nonce="%s" data-aad="%s" data-lock="%s" hidden></div>`,
		ContentID, b64.EncodeToString(s), b64.EncodeToString(n), html.EscapeString(url), html.EscapeString(sl.lock))
	b.Write(page[closeEnd(page, end):])
	return b.Bytes(), nil
}

// element finds the element whose id is id: the offset of its start tag,
// of its content, and of its end tag.
func element(page []byte, id string) (start, inner, end int, ok bool) {
	z := xhtml.NewTokenizer(bytes.NewReader(page))
	off, depth := 0, 0
	var name []byte
	for {
		tt := z.Next()
		raw := len(z.Raw())
		switch tt {
		case xhtml.ErrorToken:
			if z.Err() == io.EOF {
				return 0, 0, 0, false
			}
			return 0, 0, 0, false
		case xhtml.StartTagToken:
			tn, hasAttr := z.TagName()
			if depth > 0 {
				if bytes.Equal(tn, name) {
					depth++
				}
				break
			}
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				if string(k) == "id" && string(v) == id {
					name = append([]byte(nil), tn...)
					start, inner, depth = off, off+raw, 1
				}
			}
		case xhtml.EndTagToken:
			if depth == 0 {
				break
			}
			if tn, _ := z.TagName(); bytes.Equal(tn, name) {
				depth--
				if depth == 0 {
					return start, inner, off, true
				}
			}
		}
		off += raw
	}
}

// closeEnd is the offset after the end tag at end.
func closeEnd(page []byte, end int) int {
	if i := bytes.IndexByte(page[end:], '>'); i >= 0 {
		return end + i + 1
	}
	return len(page)
}
