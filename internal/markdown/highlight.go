package markdown

import (
	"bytes"
	"fmt"
	"html"
	"io"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/alecthomas/chroma/v2"
	chtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// highlighting is a goldmark extension that renders code blocks with chroma,
// using CSS classes only.
type highlighting struct{ cacheBytes int }

func (h *highlighting) Extend(m goldmark.Markdown) {
	limit := h.cacheBytes
	if limit <= 0 {
		limit = highlightCacheBytes
	}
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(&codeRenderer{limit: limit}, 100)))
}

var formatter = chtml.New(chtml.WithClasses(true), chtml.WithPreWrapper(focusablePre{}))

// focusablePre writes the <pre> of a code block with tabindex="0": a long
// line scrolls sideways, and a keyboard user must be able to reach it to
// scroll it.
type focusablePre struct{}

func (focusablePre) Start(code bool, styleAttr string) string {
	if code {
		return `<pre tabindex="0"` + styleAttr + `><code>`
	}
	return `<pre tabindex="0"` + styleAttr + `>`
}

func (focusablePre) End(code bool) string {
	if code {
		return "</code></pre>"
	}
	return "</pre>"
}

// codeRenderer renders code blocks. Highlighting is costly (chroma's
// lexers run regular expressions over every character), and the same
// snippet often comes back: in a page edited again and again in the
// preview, or a snippet several pages share. So it keeps the HTML of the
// blocks it highlighted, keyed by language and code, up to a bound.
type codeRenderer struct {
	mu    sync.Mutex
	cache map[string]string
	size  int // bytes of keys and values held
	limit int // the bytes it may hold; past them it is emptied and starts again
}

// highlightCacheBytes is the memory the cache of highlighted blocks holds
// by default (Options.HighlightCacheBytes).
const highlightCacheBytes = 4 << 20

func (r *codeRenderer) cached(key string) (string, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	v, ok := r.cache[key]
	return v, ok
}

func (r *codeRenderer) keep(key, html string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := len(key) + len(html)
	if n > r.limit/8 {
		return
	}
	if r.cache == nil || r.size+n > r.limit {
		r.cache, r.size = map[string]string{}, 0
	}
	if _, ok := r.cache[key]; !ok {
		r.cache[key] = html
		r.size += n
	}
}

func (r *codeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, r.render)
	reg.Register(ast.KindCodeBlock, r.render)
}

func (r *codeRenderer) render(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	var lang string
	if fc, ok := n.(*ast.FencedCodeBlock); ok && fc.Info != nil {
		lang = strings.Fields(string(fc.Info.Segment.Value(src)) + " ")[0]
		if i := strings.IndexByte(lang, '{'); i >= 0 {
			lang = lang[:i]
		}
	}
	var code bytes.Buffer
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		code.Write(seg.Value(src))
	}
	var lexer chroma.Lexer
	if lang != "" {
		lexer = lexerFor(lang)
	}
	if lexer == nil {
		writePlain(w, lang, code.Bytes())
		return ast.WalkSkipChildren, nil
	}
	key := lang + "\x00" + code.String()
	if h, ok := r.cached(key); ok {
		_, _ = w.WriteString(h)
		return ast.WalkSkipChildren, nil
	}
	it, err := chroma.Coalesce(lexer).Tokenise(nil, code.String())
	if err != nil {
		writePlain(w, lang, code.Bytes())
		return ast.WalkSkipChildren, nil
	}
	var out strings.Builder
	if err := formatter.Format(&out, styles.Fallback, it); err != nil {
		return ast.WalkStop, err
	}
	r.keep(key, out.String())
	_, _ = w.WriteString(out.String())
	return ast.WalkSkipChildren, nil
}

func writePlain(w util.BufWriter, lang string, code []byte) {
	if lang != "" {
		_, _ = w.WriteString(`<pre tabindex="0" class="chroma"><code class="language-` + html.EscapeString(lang) + `">`)
	} else {
		_, _ = w.WriteString(`<pre tabindex="0" class="chroma"><code>`)
	}
	_, _ = w.WriteString(html.EscapeString(string(code)))
	_, _ = w.WriteString("</code></pre>\n")
}

// Stylesheet writes the CSS for highlighted code in the named chroma
// style and, when dark is not empty, the dark style. Each applies only in
// its color scheme, so that no light-style color stays on a dark
// background.
func Stylesheet(w io.Writer, light, dark string) error {
	if dark == "" {
		return formatter.WriteCSS(w, styles.Get(light))
	}
	for _, sc := range [][2]string{{"light", light}, {"dark", dark}} {
		var b bytes.Buffer
		if err := formatter.WriteCSS(&b, styles.Get(sc[1])); err != nil {
			return err
		}
		if _, err := fmt.Fprintf(w, "@media (prefers-color-scheme: %s) {\n%s}\n", sc[0], b.Bytes()); err != nil {
			return err
		}
	}
	return nil
}

// lexerCache keeps the lexer of each language name a page gave (or false
// when chroma has none): chroma's lookup tries every lexer's file name
// patterns for a name it does not know, which took most of the time of a
// code-heavy site.
var (
	lexerCache sync.Map
	lexerCount atomic.Int32
)

// maxLexerNames bounds lexerCache: names come from pages.
const maxLexerNames = 1000

func lexerFor(lang string) chroma.Lexer {
	if v, ok := lexerCache.Load(lang); ok {
		l, _ := v.(chroma.Lexer)
		return l
	}
	l := lexers.Get(lang)
	if lexerCount.Add(1) <= maxLexerNames {
		if l == nil {
			lexerCache.Store(lang, false)
		} else {
			lexerCache.Store(lang, l)
		}
	}
	return l
}
