package kit

import (
	"fmt"
	"io"
	"relais/internal/duration"
	"strings"

	"relais/internal/pdfdoc"
)

// Part is a document of a kit for its PDF: the guide or a handout, as
// its Markdown syntax tree.
type Part struct {
	Title string
	Tree  pdfdoc.Tree
}

// Help is a number where to find help, for the PDF's last part.
type Help struct {
	Number, Name, Hours string
}

// Book is what a kit's PDF is made of.
type Book struct {
	Meta
	URL   string      // the kit's page on the site, printed on the cover
	Intro pdfdoc.Tree // the kit page's own text
	Parts []Part      // the guide first, then the handouts
	Files []string    // the kit's files, by name in the archive
	Help  []Help      // the site's numbers; the 3018 and 119 when it has none
	// Link, Image and Include resolve what the Markdown names (see
	// pdfdoc.Options).
	Link    func(from, dest string) string
	Image   func(from, dest string) ([]byte, string, bool)
	Include func(from, file string) (pdfdoc.Tree, bool)
}

// pdfWords are the words of the PDFs, by language.
type pdfWords struct {
	Contents, Presentation, Prepare, HelpTitle, FilesTitle, Page, Kit, Online, Sequence, Time string
	DefaultHelp                                                                               []Help
}

func pdfWordsFor(lang string) pdfWords {
	if lang == "ar" {
		return pdfWords{"المحتويات", "تقديم", "التحضير للجلسة", "أين تجدون المساعدة", "ملفات الحقيبة",
			"الصفحة %d من %s", "حقيبة تربوية", "على الإنترنت", "سير الجلسة", "التوقيت",
			[]Help{{"3018", "التحرش والعنف عبر الإنترنت", ""}, {"119", "الأطفال في خطر", "24/24، 7/7"}}}
	}
	if lang == "en" {
		return pdfWords{"Contents", "Presentation", "Preparing the session", "Where to find help", "The kit's files",
			"Page %d of %s", "Workshop kit", "Online", "Sequence", "Time",
			[]Help{{"3018", "Online harassment and violence", ""}, {"119", "Children in danger", "24/7"}}}
	}
	return pdfWords{"Sommaire", "Présentation", "Préparer la séance", "Où trouver de l’aide", "Les fichiers du kit",
		"Page %d sur %s", "Kit pédagogique", "En ligne", "Déroulé", "Horaire",
		[]Help{{"3018", "Harcèlement et violences numériques", ""}, {"119", "Enfance en danger", "24\u00a0h/24, 7\u00a0j/7"}}}
}

func (b *Book) options(title string) pdfdoc.Options {
	w := pdfWordsFor(b.Lang)
	o := pdfdoc.Options{Lang: b.Lang, Title: title, Subject: b.Summary, PageLabel: w.Page, Footer: title,
		Date: b.Date, Link: b.Link, Image: b.Image, Include: b.Include}
	if b.Kit != nil {
		o.Author = strings.Join(b.Kit.Authors, ", ")
	}
	return o
}

// PDF writes the whole kit as one print-ready document: a cover with what
// the kit is, a table of contents, the presentation, the objectives, the
// sequence, what to prepare, the facilitator's guide, each handout on a
// page of its own (ready to photocopy), where to find help and the list
// of the kit's files.
func PDF(w io.Writer, b Book) error {
	l, pw := labelsFor(b.Lang), pdfWordsFor(b.Lang)
	d := pdfdoc.New(b.options(b.Title))
	k := b.Kit
	if k == nil {
		k = &Kit{}
	}
	// The cover.
	d.Title(b.Title, b.Summary)
	date := ""
	if !b.Date.IsZero() {
		date = b.Date.Format("02/01/2006")
		if b.Lang == "en" {
			date = b.Date.Format("2006-01-02")
		}
	}
	audience := k.Audience
	if k.Setting != "" {
		audience += " (" + k.Setting + ")"
	}
	ages := ""
	if k.AgeMax > 0 {
		ages = fmt.Sprintf("%d–%d %s", k.AgeMin, k.AgeMax, l.AgesUnit)
	}
	d.Facts([][2]string{{l.Audience, audience}, {l.Ages, ages}, {l.Participants, k.Participants},
		{l.Duration, nonZero(k.Minutes)}, {l.Version, k.Version}, {l.Date, date},
		{l.Authors, strings.Join(k.Authors, ", ")}, {l.Licence, k.Licence}, {pw.Online, b.URL}})
	// The table of contents: one entry for each part below.
	n := 3 + len(b.Parts) // objectives, sequence, help
	if b.Intro.Node != nil && b.Intro.Node.HasChildren() {
		n++
	}
	if len(k.Prerequisite)+len(k.Materials) > 0 || k.Room != "" {
		n++
	}
	if len(b.Files) > 0 {
		n++
	}
	d.ReserveTOC(n, pw.Contents)
	d.NewPage()
	if b.Intro.Node != nil && b.Intro.Node.HasChildren() {
		d.Heading(1, pw.Presentation)
		d.Markdown(b.Intro, "")
	}
	d.Heading(1, l.General)
	d.List(k.General)
	if len(k.Operational) > 0 {
		d.Heading(2, l.Operational)
		d.List(k.Operational)
	}
	d.Heading(1, pw.Sequence)
	var rows [][]string
	at := 0
	for _, s := range k.Sequence {
		rows = append(rows, []string{fmt.Sprintf("%s – %s\n%s", clockAt(at), clockAt(at+s.Minutes), duration.French(s.Minutes)), s.Title, s.Method, s.Materials})
		at += s.Minutes
	}
	d.Table([]string{pw.Time, l.Step, l.Method, l.Material}, rows, []float64{0.18, 0.27, 0.33, 0.22})
	if len(k.Prerequisite)+len(k.Materials) > 0 || k.Room != "" {
		d.Heading(1, pw.Prepare)
		if len(k.Prerequisite) > 0 {
			d.Heading(2, l.Prerequisites)
			d.List(k.Prerequisite)
		}
		if len(k.Materials) > 0 {
			d.Heading(2, l.Materials)
			d.List(k.Materials)
		}
		if k.Room != "" {
			d.Heading(2, l.Room)
			d.Paragraph(k.Room)
		}
	}
	// The guide and each handout on pages of their own.
	for _, p := range b.Parts {
		d.NewPage()
		d.Heading(1, p.Title)
		d.Markdown(p.Tree, p.Title)
	}
	d.NewPage()
	d.Heading(1, pw.HelpTitle)
	help := b.Help
	if len(help) == 0 {
		help = pw.DefaultHelp
	}
	var items []string
	for _, h := range help {
		s := h.Number + " — " + h.Name
		if h.Hours != "" {
			s += " (" + h.Hours + ")"
		}
		items = append(items, s)
	}
	d.List(items)
	if len(b.Files) > 0 {
		d.Heading(1, pw.FilesTitle)
		d.List(b.Files)
	}
	if err := d.Err(); err != nil {
		return err
	}
	return d.Close(w)
}

// HandoutPDF writes one document of the kit (a handout, the guide) to
// print on its own: the kit's name above its title, its text, numbered
// pages.
func HandoutPDF(w io.Writer, b Book, p Part) error {
	pw := pdfWordsFor(b.Lang)
	o := b.options(p.Title)
	o.Footer = b.Title + " — " + p.Title
	d := pdfdoc.New(o)
	d.NewPage()
	d.Caption(pw.Kit + "\u00a0: " + b.Title)
	d.Heading(1, p.Title)
	d.Markdown(p.Tree, p.Title)
	if err := d.Err(); err != nil {
		return err
	}
	return d.Close(w)
}

func clockAt(m int) string { return fmt.Sprintf("%d\u00a0h\u00a0%02d", m/60, m%60) }

func nonZero(m int) string {
	if m == 0 {
		return ""
	}
	return duration.French(m)
}
