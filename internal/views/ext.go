package views

import (
	"relais/internal/config"
	"relais/internal/extension"
	"relais/internal/page"
	"relais/internal/record"
	"time"
)

// Ext is the view called name that an extension gives of the page
// ({{ with .Ext "kit" }}), or nil when the page has none (not a kit).
func (v *PageView) Ext(name string) any {
	return v.e.site.Ext(name, extPage{v})
}

// Kit is .Ext "kit", kept for the templates written before .Ext.
func (v *PageView) Kit() any { return v.Ext("kit") }

// Partner is .Ext "partner", kept for the templates written before .Ext.
func (v *PageView) Partner() any { return v.Ext("partner") }

// PartnerFacets is .Ext "partnerFacets", kept for the templates written
// before .Ext.
func (v *PageView) PartnerFacets() any { return v.Ext("partnerFacets") }

// PDF is .Ext "kitPDF", kept for the templates written before .Ext.
func (v *PageView) PDF() any { return v.Ext("kitPDF") }

// Files are the files of a page bundle kept as they are (documents to
// download), with format, size and SHA-256.
func (v *PageView) Files() []extension.Download {
	var out []extension.Download
	for _, f := range v.e.site.BundleFiles(v.e.rc, v.p) {
		out = append(out, *extension.NewDownload(v.e.cfg, f.Path, f.Size, f.SHA256))
	}
	return out
}

// extPage is a page as an extension's view reads it
// (extension.PageView), its reads recorded as the template's.
type extPage struct{ v *PageView }

func (x extPage) Page() *page.Page            { return x.v.p }
func (x extPage) Extra() any                  { return x.v.meta().Extra }
func (x extPage) Title() string               { return x.v.Title }
func (x extPage) Permalink() string           { return x.v.Permalink }
func (x extPage) Description() string         { return x.v.Description() }
func (x extPage) Template() any               { return x.v }
func (x extPage) Pager() int                  { return x.v.pager }
func (x extPage) Files() []extension.Download { return x.v.Files() }
func (x extPage) Record() *record.Render      { return x.v.e.rc }
func (x extPage) Config() *config.Config      { return x.v.e.cfg }

func (x extPage) Children() []extension.PageView {
	ps := x.v.Pages()
	out := make([]extension.PageView, len(ps))
	for i, p := range ps {
		out[i] = extPage{p}
	}
	return out
}

func (x extPage) Now() time.Time { return x.v.e.site.Now() }
