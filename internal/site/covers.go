package site

import (
	"path"
	"strings"

	"relais/internal/diag"
	"relais/internal/page"
)

// coverSource is the site file of a page's cover image, "" when the image
// is given as a site path.
func coverSource(p *page.Page) string {
	img := p.Cover.Image
	if strings.HasPrefix(img, "/") {
		return ""
	}
	return path.Join(path.Dir(p.File), img)
}

// coverURL is the site path of a page's cover image: a file beside the
// page is published where the page's other files go.
func (s *Site) coverURL(p *page.Page) string {
	if src := coverSource(p); src != "" {
		return "/" + s.fileOut(src)
	}
	return p.Cover.Image
}

// checkCovers reports cover images that are not files of the site.
func (s *Site) checkCovers(ps []*page.Page, l *diag.List) {
	for _, p := range ps {
		if p.Cover == nil {
			continue
		}
		src := coverSource(p)
		if src == "" {
			_, inStatic := s.ld.Files[StaticDir+p.Cover.Image]
			_, inContent := s.ld.Files[ContentDir+p.Cover.Image]
			if inStatic || inContent {
				continue
			}
		} else if e, ok := s.ld.Files[src]; ok && !e.IsMarkdown() {
			continue
		}
		l.Add(diag.Errorf(p.File, p.FieldLine("cover", 0), "cover: the image %s is not a file of the site", p.Cover.Image).
			WithHint("put the image beside the page (in its folder), or give its path from static/ as /images/x.jpg"))
	}
}
