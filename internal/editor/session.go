package editor

import (
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path"
	"strings"
	"time"

	"relais/internal/frontmatter"
	"relais/internal/scaffold"
	"relais/internal/slug"
)

// kindSession is the agenda's form (package agenda): a session's page
// offers to plan another one like it, and to cancel it.
const kindSession Kind = "session"

// sessionTimes are the ways a session's start is written that the editor
// moves to another day (the agenda reads more; those are kept as they
// are, and the new session's end is not guessed).
var sessionTimes = []string{"2006-01-02T15:04", "2006-01-02 15:04", "2006-01-02T15:04:05", "2006-01-02 15:04:05"}

func parseSessionTime(s string) (time.Time, bool) {
	for _, l := range sessionTimes {
		if t, err := time.Parse(l, strings.TrimSpace(s)); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// sessionCopy plans another session like this one (« Programmer une
// autre session »): the same fields at the day and time given, the end
// as long after it, every place free, a new calendar identifier, as a
// draft in a file of its own.
func (e *Editor) sessionCopy(w http.ResponseWriter, r *http.Request) {
	file := r.PostFormValue("f")
	if !editable(file) || e.kindOf(file) != kindSession {
		e.fail(w, http.StatusBadRequest, e.say("%s is not a session of the agenda", file), Prefix)
		return
	}
	start, ok := parseSessionTime(r.PostFormValue("start"))
	if !ok {
		e.fail(w, http.StatusUnprocessableEntity, e.say("Give the day and the time of the new session."), Link(file))
		return
	}
	d, ok := e.opened(w, r)
	if !ok {
		return
	}
	name := func(key string) string { return e.fieldName(d, key) }
	var chs []frontmatter.Change
	set := func(key string, v any) { chs = append(chs, frontmatter.Change{Key: name(key), Value: v}) }
	at := start.Format("2006-01-02T15:04")
	set("start", at)
	if oldStart, ok := parseSessionTime(frontmatter.Text(d.vals[name("start")])); ok {
		if oldEnd, ok := parseSessionTime(frontmatter.Text(d.vals[name("end")])); ok && oldEnd.After(oldStart) {
			set("end", start.Add(oldEnd.Sub(oldStart)).Format("2006-01-02T15:04"))
		}
	}
	if c, ok := d.vals[name("capacity")]; ok {
		set("placesLeft", c)
	}
	if _, ok := d.vals[name("status")]; ok {
		set("status", "prévue")
	}
	if _, ok := d.vals[name("reason")]; ok {
		set("reason", nil)
	}
	set("uid", scaffold.NewUID())
	chs = append(chs, frontmatter.Change{Key: "draft", Value: true})
	b, err := frontmatter.Edit(file, d.src, chs)
	if err != nil {
		e.fail(w, http.StatusUnprocessableEntity, e.c.Lang.Err(err), Link(file))
		return
	}
	base := slug.Make(strings.TrimSuffix(path.Base(file), ".md"))
	if i := strings.LastIndexByte(base, '-'); i > 0 && len(base)-i == 11 { // a date at the end: another comes
		if _, err := time.Parse("2006-01-02", base[i+1:]); err == nil {
			base = base[:i]
		}
	}
	var to string
	for n := 1; ; n++ {
		to = path.Join(path.Dir(file), fmt.Sprintf("%s-%s.md", base, start.Format("2006-01-02")))
		if n > 1 {
			to = path.Join(path.Dir(file), fmt.Sprintf("%s-%s-%d.md", base, start.Format("2006-01-02"), n))
		}
		if _, err := os.Lstat(path.Join(e.c.Dir, to)); errors.Is(err, fs.ErrNotExist) {
			break
		}
	}
	if err := e.write(to, b); err != nil {
		e.fail(w, http.StatusInternalServerError, e.c.Lang.Err(err), Link(file))
		return
	}
	http.Redirect(w, r, Link(to)+"&ok=copied", http.StatusSeeOther)
}

// sessionCancel cancels a session, with why: it stays in the agenda and
// in calendars, cancelled.
func (e *Editor) sessionCancel(w http.ResponseWriter, r *http.Request) {
	file := r.PostFormValue("f")
	if !editable(file) || e.kindOf(file) != kindSession {
		e.fail(w, http.StatusBadRequest, e.say("%s is not a session of the agenda", file), Prefix)
		return
	}
	reason := strings.TrimSpace(r.PostFormValue("reason"))
	if reason == "" {
		e.fail(w, http.StatusUnprocessableEntity, e.say("Say why it is cancelled: the people registered read it."), Link(file))
		return
	}
	d, ok := e.opened(w, r)
	if !ok {
		return
	}
	b, err := frontmatter.Edit(file, d.src, []frontmatter.Change{
		{Key: e.fieldName(d, "status"), Value: "annulée"}, {Key: e.fieldName(d, "reason"), Value: reason}})
	if err == nil {
		err = e.write(file, b)
	}
	if err != nil {
		e.fail(w, http.StatusUnprocessableEntity, e.c.Lang.Err(err), Link(file))
		return
	}
	http.Redirect(w, r, Link(file)+"&ok=cancelled", http.StatusSeeOther)
}

// fieldName is the name d's file gives the field key: an alias of it
// (« debut » for start) when the file writes that one, else the key.
func (e *Editor) fieldName(d *doc, key string) string {
	form, _ := e.formOf(d.kind)
	for _, def := range form.Fields {
		if def.Key != key {
			continue
		}
		if _, ok := d.vals[key]; ok {
			return key
		}
		for _, a := range def.Aliases {
			if _, ok := d.vals[a]; ok {
				return a
			}
		}
	}
	return key
}
