package layout

import (
	"io/fs"

	"relais/internal/config"
	"relais/internal/diag"
)

// Theme is a site's templates in each of its languages, loaded from its
// layouts folder merged over the default theme's.
type Theme struct {
	Src *Sources
	Set *Set            // the templates of the pages in the site's own language
	In  map[string]*Set // those of its other languages, by code
	// Warnings are what loading found that does not stop a build: a
	// language whose interface strings are missing.
	Warnings diag.List
	hashes   map[string]uint64
}

// LoadTheme loads the templates of a site with cfg: its layouts folder
// (site, may be nil) over theme, each language's templates given types
// (Set.Types).
func LoadTheme(site, theme fs.FS, cfg *config.Config, types map[string]DataType) (*Theme, error) {
	src, err := ReadSources(site, theme)
	if err != nil {
		return nil, err
	}
	set, err := Load(src, cfg)
	if err != nil {
		return nil, err
	}
	set.Types = types
	in, warnings, err := LoadLanguages(src, cfg, types)
	if err != nil {
		return nil, err
	}
	return &Theme{Src: src, Set: set, In: in, Warnings: warnings, hashes: src.TemplateHashes()}, nil
}

// For is the templates of the pages in a language ("" or the site's own
// code for its own).
func (t *Theme) For(lang string) *Set {
	if s := t.In[lang]; s != nil {
		return s
	}
	return t.Set
}

// Lookup is the theme's string of key in a language (its code, or "" for
// the site's own), or "" when it has none.
func (t *Theme) Lookup(lang, key string) string {
	if s := t.For(lang).T(key); s != key {
		return s
	}
	return ""
}

// Hash is the hash of a template with everything it may include
// (Sources.TemplateHashes); 1 for no template.
func (t *Theme) Hash(name string) uint64 {
	if name == "" {
		return 1
	}
	return t.hashes[name]
}

// TaxonomyTitle is the title of a taxonomy's page in a language: the
// interface string "taxonomyTitle.PLURAL" when the theme has one, else ""
// (the plural).
func (t *Theme) TaxonomyTitle(lang, plural string) string {
	return t.Lookup(lang, "taxonomyTitle."+plural)
}

// TaxonomyTitles are the theme's names of taxonomies (their plurals) in
// the site's language, by plural, where it has one (« Thématiques » for
// thematiques).
func (t *Theme) TaxonomyTitles(plurals []string) map[string]string {
	out := map[string]string{}
	for _, p := range plurals {
		if title := t.TaxonomyTitle("", p); title != "" {
			out[p] = title
		}
	}
	return out
}
