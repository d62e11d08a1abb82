package golive

import (
	"context"
	"errors"
	"sync"
	"time"

	"relais/internal/config"
	"relais/internal/deploy"
	"relais/internal/diag"
	"relais/internal/i18n"
	"relais/internal/site"
)

// Phase is where a deploy of the editor stands.
type Phase int

// The phases, in order.
const (
	Idle      Phase = iota
	Ready           // prepared: the plan is shown, nothing sent yet
	Running         // sending
	Done            // online
	Failed          // stopped by a problem (State.Problem)
	Preparing       // building and comparing
)

// State is what the editor shows of a deploy.
type State struct {
	Phase  Phase
	Target string
	// Plan, once prepared.
	Add, Change, Delete []string
	Same                int
	Send                int64
	Summary             string
	Rebuilt             bool
	// TooMany: the deploy deletes more than the limit: she must confirm.
	TooMany bool
	// Progress, while running.
	Done, Total int
	Sent        int64
	// Problem says what went wrong; NeedPassword and Fingerprint (a
	// server met for the first time) ask her something.
	Problem      string
	Findings     []string
	NeedPassword bool
	Fingerprint  string
	URL          string // the site online, once done
	Took         time.Duration
}

// Session is the editor's deploy: prepared, then run in the background
// while the page shows its progress. One at a time.
type Session struct {
	Env     Env
	Site    site.Options // as relais deploy builds it (Dest is the deploy folder)
	SiteDir string
	Lang    i18n.Lang
	// Pause, if set, waits after each file: for tests that watch the
	// progress.
	Pause time.Duration

	mu     sync.Mutex
	state  State
	target deploy.Target
	plan   *deploy.Plan
	opts   deploy.Options
	dep    config.Deploy
}

// State is the deploy's state now.
func (s *Session) State() State {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.state
	st.Add, st.Change, st.Delete = append([]string(nil), st.Add...), append([]string(nil), st.Change...), append([]string(nil), st.Delete...)
	return st
}

// ErrBusy: a deploy is being prepared or run.
var ErrBusy = errors.New("busy")

// Prepare builds the site, opens the target and makes the plan; nothing
// is sent. password and trust are what she typed, if asked.
func (s *Session) Prepare(ctx context.Context, password, trust string) error {
	s.mu.Lock()
	if s.state.Phase == Running || s.state.Phase == Preparing {
		s.mu.Unlock()
		return ErrBusy
	}
	if s.target != nil {
		s.target.Close()
		s.target = nil
	}
	s.state = State{Phase: Preparing}
	s.mu.Unlock()
	st, target, plan, opts := s.prepare(ctx, password, trust)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.state, s.target, s.plan, s.opts = st, target, plan, opts
	s.dep = config.Deploy{Switch: opts.Switch}
	return nil
}

func (s *Session) prepare(ctx context.Context, password, trust string) (State, deploy.Target, *deploy.Plan, deploy.Options) {
	l := s.Lang
	failed := func(st State, err error) (State, deploy.Target, *deploy.Plan, deploy.Options) {
		st.Phase = Failed
		var dl diag.List
		var f *diag.Finding
		var ie *i18n.Error
		switch {
		case errors.As(err, &dl):
			for _, x := range dl {
				st.Findings = append(st.Findings, x.In(l))
			}
			st.Problem = l.Say("nothing was sent: mend these errors first (relais check lists them all)")
		case errors.As(err, &f):
			st.Findings = []string{f.In(l)}
			st.Problem = l.Say("nothing was sent: mend these errors first (relais check lists them all)")
		case errors.As(err, &ie):
			st.Problem = l.Err(err)
		default:
			st.Problem = deploy.Explain(err).In(l)
		}
		return st, nil, nil, deploy.Options{}
	}
	cfg, err := loadConfigFS(s.Site)
	if err != nil {
		return failed(State{}, err)
	}
	t, err := ParseTarget(cfg.Deploy)
	if err != nil {
		return failed(State{}, err)
	}
	st := State{Target: t.String()}
	built, err := Build(ctx, s.Site)
	if err != nil {
		return failed(st, err)
	}
	target, err := Open(ctx, s.Env, built.Config.Deploy, s.SiteDir, Login{Password: password, Trust: trust})
	var p *deploy.Problem
	switch {
	case errors.Is(err, NeedPassword):
		st.NeedPassword = true
		st.Phase = Idle
		if password != "" {
			st.Problem = deploy.Explain(&deploy.Problem{Kind: deploy.Auth}).In(l)
		}
		return st, nil, nil, deploy.Options{}
	case errors.As(err, &p) && p.Kind == deploy.Auth:
		st.NeedPassword = true
		st.Phase = Idle
		st.Problem = deploy.Explain(err).In(l)
		return st, nil, nil, deploy.Options{}
	case errors.As(err, &p) && p.Kind == deploy.UnknownHost:
		st.Fingerprint = p.Fingerprint
		st.Phase = Idle
		st.NeedPassword = password != ""
		return st, nil, nil, deploy.Options{}
	case err != nil:
		return failed(st, err)
	}
	plan, err := MakePlan(ctx, built.Config.Deploy, target, built.Files)
	if err != nil {
		target.Close()
		return failed(st, err)
	}
	opts := Options(built.Config.Deploy)
	st.Phase = Ready
	st.Add, st.Change, st.Delete, st.Same, st.Send, st.Rebuilt = plan.Add, plan.Change, plan.Delete, plan.Same, plan.Send, plan.Rebuilt
	st.Summary = Summary(l, plan)
	st.TooMany = plan.CheckLimit(opts) != nil
	st.URL = built.Config.BaseURL
	return st, target, plan, opts
}

// Run sends what was prepared, in the background; confirmed says yes to
// the deletions above the limit.
func (s *Session) Run(confirmed bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.state.Phase != Ready || s.plan == nil {
		return ErrBusy
	}
	if s.state.TooMany && !confirmed {
		return &deploy.TooManyDeletions{N: len(s.plan.Delete), Limit: s.opts.MaxDeletions, Published: s.plan.Published()}
	}
	o := s.opts
	o.Confirmed = confirmed
	pause := s.Pause
	o.Progress = func(done, total int, sent int64) {
		s.mu.Lock()
		s.state.Done, s.state.Total, s.state.Sent = done, total, sent
		s.mu.Unlock()
		time.Sleep(pause)
	}
	s.state.Phase = Running
	s.state.Total = len(s.plan.Add) + len(s.plan.Change) + len(s.plan.Delete)
	plan, target, dep := s.plan, s.target, s.dep
	s.plan, s.target = nil, nil
	go func() {
		start := time.Now()
		err := Run(context.Background(), dep, target, plan, o)
		target.Close()
		s.mu.Lock()
		defer s.mu.Unlock()
		s.state.Took = time.Since(start)
		if err != nil {
			s.state.Phase = Failed
			s.state.Problem = deploy.Explain(err).In(s.Lang) + " " + s.Lang.Say("Every file online is whole (old or new): deploy again to finish.")
			return
		}
		s.state.Phase = Done
	}()
	return nil
}
