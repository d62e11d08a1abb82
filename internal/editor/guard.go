package editor

import (
	"net"
	"net/http"
	"sync"
	"time"
)

// A guard slows down guessing of the editor's password on a shared
// preview: from each address, the first free tries are answered at once;
// after them, each wrong password locks that address out for twice as
// long as the one before (a minute, two, four…, an hour at most), and no
// password is checked meanwhile. Over all addresses, a few dozen wrong
// passwords within an hour lock everyone out for a while: a device that
// changes its address gains little. A right password clears the count of
// its address.
type guard struct {
	now   func() time.Time
	mu    sync.Mutex
	byIP  map[string]*tries
	all   []time.Time // the wrong passwords of the last hour, every address
	until time.Time   // everyone locked out until then
}

type tries struct {
	wrong int
	until time.Time
}

const (
	freeTries = 5
	firstLock = time.Minute
	maxLock   = time.Hour
	allTries  = 50 // wrong passwords in an hour, every address, before a global lock
	allLock   = 15 * time.Minute
)

func newGuard(now func() time.Time) *guard {
	return &guard{now: now, byIP: map[string]*tries{}}
}

func remoteIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// locked reports how long the request's address must still wait, or 0.
func (g *guard) locked(r *http.Request) time.Duration {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.now()
	wait := g.until.Sub(now)
	if t := g.byIP[remoteIP(r)]; t != nil {
		wait = max(wait, t.until.Sub(now))
	}
	return max(wait, 0)
}

// failed counts a wrong password from the request's address.
func (g *guard) failed(r *http.Request) {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.now()
	ip := remoteIP(r)
	t := g.byIP[ip]
	if t == nil {
		t = &tries{}
		g.byIP[ip] = t
	}
	t.wrong++
	if t.wrong >= freeTries {
		lock := firstLock << min(t.wrong-freeTries, 6)
		t.until = now.Add(min(lock, maxLock))
	}
	keep := g.all[:0]
	for _, at := range g.all {
		if now.Sub(at) < time.Hour {
			keep = append(keep, at)
		}
	}
	g.all = append(keep, now)
	if len(g.all) >= allTries {
		g.until = now.Add(allLock)
	}
}

// passed clears the count of the request's address.
func (g *guard) passed(r *http.Request) {
	g.mu.Lock()
	defer g.mu.Unlock()
	delete(g.byIP, remoteIP(r))
}
