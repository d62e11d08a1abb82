// Package area is the partner area: the pages that a section, a bundle or
// a page reserves for partners (access: partners), published behind a
// login per partner that the host itself asks for.
//
// It keeps the logins in File, beside site.toml, which is never published
// from there: one bcrypt hash per partner, never a password. It writes
// what protects the area on the host (Apache's .htaccess with its copy of
// the password file, the block of nginx's configuration), and finds what
// of the area a public output would show (Leaks), which fails a build.
package area

import (
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"

	"relais/internal/atomicfile"
	"relais/internal/diag"
	"relais/internal/i18n"
	"relais/internal/slug"
)

// File is the logins' file, beside site.toml.
const File = "partenaires.htpasswd"

// Login is one partner's login.
type Login struct {
	Login string // the user name a partner types: the name as a slug
	Name  string // the partner's name, "CIDFF du Rhône"
	Added string // the day it was added, 2026-12-07
	Hash  string // bcrypt
	Line  int    // in File
}

// Logins are the logins of the partner area, in File's order.
type Logins struct {
	List []Login
}

// header opens File.
const header = `# Logins of the partner area, written by relais partners (or the editor).
# One line per partner: login:bcrypt hash, after a line that names the
# partner and the day the login was added. No password is kept here.
# This file is never published from this folder; the build copies the
# logins into the area's folder for the host.
`

// Read reads File from the site folder; a site without one has no login.
func Read(site fs.FS) (*Logins, diag.List) {
	b, err := readFile(site, File)
	if err != nil {
		return &Logins{}, diag.List{diag.Errorf(File, 0, "cannot read the partners' logins: %v", i18n.FileErr(err))}
	}
	return Parse(b)
}

// readFile reads a file of the site folder; a missing one is empty.
func readFile(site fs.FS, name string) ([]byte, error) {
	b, err := fs.ReadFile(site, name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return b, err
}

// Parse reads the logins of a file, with a finding at its line for each
// line that is not one.
func Parse(b []byte) (*Logins, diag.List) {
	var l diag.List
	ls := &Logins{}
	named := ""
	seen := map[string]int{}
	for i, line := range strings.Split(strings.ReplaceAll(string(b), "\r\n", "\n"), "\n") {
		n := i + 1
		t := strings.TrimSpace(line)
		switch {
		case t == "":
			named = ""
			continue
		case strings.HasPrefix(t, "#"):
			named = strings.TrimSpace(strings.TrimPrefix(t, "#"))
			continue
		}
		login, hash, ok := strings.Cut(t, ":")
		login = strings.TrimSpace(login)
		switch {
		case !ok || login == "" || strings.TrimSpace(hash) == "":
			l.Add(diag.Errorf(File, n, "this line is not a login: it must be login:hash").
				WithHint("add and remove partners with relais partners add and relais partners remove (or in the editor), which write this file"))
			continue
		case !strings.HasPrefix(hash, "$2a$") && !strings.HasPrefix(hash, "$2y$") && !strings.HasPrefix(hash, "$2b$"):
			l.Add(diag.Errorf(File, n, "the login %q has a password that is not a bcrypt hash (it must start with $2y$ or $2a$)", login).
				WithHint("remove this line, then add the partner again with relais partners add: relais never keeps a password in clear"))
			continue
		case seen[login] > 0:
			l.Add(diag.Errorf(File, n, "the login %q is already on line %d", login, seen[login]).
				WithHint("remove one of the two lines"))
			continue
		}
		seen[login] = n
		name, added, _ := strings.Cut(named, " · ")
		if name == "" {
			name = login
		}
		ls.List = append(ls.List, Login{Login: login, Name: name, Added: added, Hash: hash, Line: n})
		named = ""
	}
	return ls, l
}

// Bytes is File's text.
func (ls *Logins) Bytes() []byte {
	var b bytes.Buffer
	b.WriteString(header)
	for _, lg := range ls.List {
		b.WriteString("\n# " + lg.Name)
		if lg.Added != "" {
			b.WriteString(" · " + lg.Added)
		}
		fmt.Fprintf(&b, "\n%s:%s\n", lg.Login, lg.Hash)
	}
	return b.Bytes()
}

// Htpasswd is the password file the host reads: login:hash lines only,
// sorted, so that the same logins give the same file.
func (ls *Logins) Htpasswd() []byte {
	lines := make([]string, 0, len(ls.List))
	for _, lg := range ls.List {
		lines = append(lines, lg.Login+":"+lg.Hash+"\n")
	}
	slices.Sort(lines)
	return []byte(strings.Join(lines, ""))
}

// Find returns the login of a partner by login or name, or nil.
func (ls *Logins) Find(who string) *Login {
	s := slug.Make(who)
	for i, lg := range ls.List {
		if lg.Login == who || lg.Login == s || strings.EqualFold(lg.Name, who) {
			return &ls.List[i]
		}
	}
	return nil
}

// Add adds a login for the partner name with password, and returns it.
func (ls *Logins) Add(name, password string, now time.Time) (Login, error) {
	name = strings.Join(strings.Fields(name), " ")
	login := slug.Make(name)
	switch {
	case login == "":
		return Login{}, i18n.Errorf("%q has no letter or digit to make a login from", name)
	case ls.Find(login) != nil:
		return Login{}, i18n.Errorf("%s already has a login (%s)", name, login)
	case len(password) < MinPassword:
		return Login{}, i18n.Errorf("the password has %d characters: it needs at least %d", len([]rune(password)), MinPassword)
	case len(password) > 72:
		return Login{}, i18n.Errorf("the password has more than 72 bytes, which bcrypt cannot keep")
	}
	h, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	if err != nil {
		return Login{}, err
	}
	lg := Login{Login: login, Name: name, Added: now.Format(time.DateOnly), Hash: string(h)}
	ls.List = append(ls.List, lg)
	return lg, nil
}

// MinPassword is the fewest characters a partner's password may have.
const MinPassword = 10

// Remove removes the login of who (a login or a name), and returns it.
func (ls *Logins) Remove(who string) (Login, bool) {
	lg := ls.Find(who)
	if lg == nil {
		return Login{}, false
	}
	out := *lg
	ls.List = slices.DeleteFunc(ls.List, func(x Login) bool { return x.Login == out.Login })
	return out, true
}

// Check reports whether password is who's.
func (ls *Logins) Check(who, password string) bool {
	lg := ls.Find(who)
	return lg != nil && bcrypt.CompareHashAndPassword([]byte(lg.Hash), []byte(password)) == nil
}

// Write writes File into the site folder dir, whole or not at all.
func (ls *Logins) Write(dir string) error { return writeFile(dir, File, ls.Bytes()) }

// writeFile writes b as name in the site folder dir, whole or not at
// all, readable by her alone.
func writeFile(dir, name string, b []byte) error {
	return atomicfile.Write(filepath.Join(dir, name), b)
}

// NewPassword makes a password to give a partner: four groups of four
// letters and digits that cannot be mistaken for one another (no 0 or
// O, no 1, l or I): 80 random bits.
func NewPassword() string {
	const alphabet = "abcdefghijkmnpqrstuvwxyz23456789"
	var b strings.Builder
	for i := range 4 {
		if i > 0 {
			b.WriteByte('-')
		}
		var r [4]byte
		rand.Read(r[:])
		for _, c := range r {
			b.WriteByte(alphabet[int(c)%len(alphabet)])
		}
	}
	return b.String()
}
