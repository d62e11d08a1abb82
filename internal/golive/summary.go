package golive

import (
	"fmt"
	"strings"
	"time"

	"relais/internal/deploy"
	"relais/internal/i18n"
)

// Seconds writes a duration as « 2,4 s » (2.4 s in English).
func Seconds(l i18n.Lang, d time.Duration) string {
	f := "%.1f\u00a0s"
	if d < time.Second {
		f = "%.2f\u00a0s"
	}
	s := fmt.Sprintf(f, d.Seconds())
	if l == i18n.French {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// Summary says what a plan will do, in a sentence.
func Summary(l i18n.Lang, p *deploy.Plan) string {
	if p.Empty() {
		return l.Say("nothing to send: the site online is the same as this one (%s)", l.Count(p.Same, "file checked", "files checked"))
	}
	parts := []string{
		l.Say("%s to add", l.Count(len(p.Add), "file", "files")),
		l.Say("%s to replace", l.Count(len(p.Change), "file", "files")),
		l.Say("%s to delete", l.Count(len(p.Delete), "file", "files")),
	}
	s := strings.Join(parts, ", ") + l.Say(" (%s to send); %s", l.Size(p.Send), l.Count(p.Same, "file unchanged", "files unchanged"))
	if p.Rebuilt {
		s += "\n" + l.Say("the server has no list of what relais published there (a first deploy, or a list damaged): every file of the site is sent, and nothing there is deleted")
	}
	return s
}
