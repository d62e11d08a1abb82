package editor

import (
	"context"
	"errors"
	"net/http"

	"relais/internal/golive"
)

// deployPage is « Mettre en ligne »: what a deploy would change, then
// its progress, then where the site is online. It works without a
// script (a link shows the progress again); with one, the progress is
// updated in place.
func (e *Editor) deployPage(w http.ResponseWriter, r *http.Request) {
	if e.c.Deploy == nil {
		e.fail(w, http.StatusNotFound, e.say("this preview cannot put the site online"), Prefix)
		return
	}
	st := e.c.Deploy.State()
	data := map[string]any{"Title": e.say("Put the site online"), "S": st,
		"Sent": e.c.Lang.Size(st.Sent), "Took": golive.Seconds(e.c.Lang, st.Took)}
	switch st.Phase {
	case golive.Running:
		data["State"] = e.say("%d of %d", st.Done, st.Total)
	case golive.Failed:
		data["State"] = e.say("Error")
	case golive.Done:
		data["State"] = e.say("Online")
	}
	e.render(w, http.StatusOK, "deploy.html", data)
}

// deployPrepare builds the site and compares it with the server.
func (e *Editor) deployPrepare(w http.ResponseWriter, r *http.Request) {
	if e.c.Deploy == nil {
		http.NotFound(w, r)
		return
	}
	trust := ""
	if r.PostFormValue("trust") == "1" {
		trust = r.PostFormValue("fingerprint")
	}
	if err := e.c.Deploy.Prepare(context.WithoutCancel(r.Context()), r.PostFormValue("password"), trust); errors.Is(err, golive.ErrBusy) {
		e.fail(w, http.StatusConflict, e.say("a deploy is already under way: wait for its end"), Prefix+"deploy")
		return
	}
	http.Redirect(w, r, Prefix+"deploy", http.StatusSeeOther)
}

// deployRun sends what was prepared.
func (e *Editor) deployRun(w http.ResponseWriter, r *http.Request) {
	if e.c.Deploy == nil {
		http.NotFound(w, r)
		return
	}
	if err := e.c.Deploy.Run(r.PostFormValue("confirm") == "1"); err != nil {
		e.fail(w, http.StatusConflict, e.say("prepare the deploy again: what it would change must be shown first"), Prefix+"deploy")
		return
	}
	http.Redirect(w, r, Prefix+"deploy", http.StatusSeeOther)
}
