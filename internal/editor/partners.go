package editor

import (
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"relais/internal/area"
)

// The partners' logins (package area), as relais partners manages them:
// she adds a partner, and gives the password shown once; she removes one
// who leaves the network. The preview builds again when the file
// changes; the host knows once the site is put online.

// partnersPage lists the logins, with a form to add one.
func (e *Editor) partnersPage(w http.ResponseWriter, r *http.Request) {
	e.showPartners(w, http.StatusOK, map[string]any{"Removed": r.URL.Query().Get("removed")})
}

func (e *Editor) showPartners(w http.ResponseWriter, status int, data map[string]any) {
	ls, findings := area.Read(os.DirFS(e.c.Dir))
	var problems []string
	for _, f := range findings {
		problems = append(problems, f.In(e.c.Lang))
	}
	data["Title"] = e.say("Partners' logins")
	data["Logins"] = ls.List
	data["Problems"] = problems
	data["Min"] = area.MinPassword
	e.render(w, status, "partners.html", data)
}

// partnerAdd adds a login: the password she types, or one made and
// shown on the answer only.
func (e *Editor) partnerAdd(w http.ResponseWriter, r *http.Request) {
	name, password := strings.TrimSpace(r.PostFormValue("name")), r.PostFormValue("password")
	ls, findings := area.Read(os.DirFS(e.c.Dir))
	if len(findings) > 0 {
		e.showPartners(w, http.StatusConflict, map[string]any{"Name": name})
		return
	}
	made := ""
	if password == "" {
		password = area.NewPassword()
		made = password
	}
	lg, err := ls.Add(name, password, time.Now())
	if err == nil {
		err = area.Save(e.c.Dir, ls, func(ks *area.Keys) error { return ks.Add(lg.Login, password) })
	}
	if err != nil {
		e.showPartners(w, http.StatusBadRequest, map[string]any{"Name": name, "Error": e.c.Lang.Err(err)})
		return
	}
	e.showPartners(w, http.StatusOK, map[string]any{"Added": lg, "Password": made})
}

// partnerRemove removes a login, once she has said yes.
func (e *Editor) partnerRemove(w http.ResponseWriter, r *http.Request) {
	login := r.PostFormValue("login")
	ls, findings := area.Read(os.DirFS(e.c.Dir))
	lg := ls.Find(login)
	if len(findings) > 0 || lg == nil {
		e.showPartners(w, http.StatusNotFound, map[string]any{"Error": e.say("no partner %q", login)})
		return
	}
	if r.PostFormValue("confirm") != "1" {
		e.showPartners(w, http.StatusOK, map[string]any{"Confirm": *lg})
		return
	}
	ls.Remove(lg.Login)
	if err := area.Save(e.c.Dir, ls, func(ks *area.Keys) error { ks.Remove(lg.Login); return nil }); err != nil {
		e.showPartners(w, http.StatusInternalServerError, map[string]any{"Error": e.c.Lang.Err(err)})
		return
	}
	http.Redirect(w, r, Prefix+"partners?removed="+url.QueryEscape(lg.Name), http.StatusSeeOther)
}
