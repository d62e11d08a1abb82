package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"relais/internal/area"
	"relais/internal/config"
	"relais/internal/i18n"
)

// runPartners manages the logins of the partner area: relais partners
// add NAME, remove NAME, list.
func runPartners(e Env, l i18n.Lang, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet(l, "partners", stderr)
	source := "."
	for _, n := range []string{"s", "source"} {
		fs.StringVar(&source, n, ".", l.Say("the site `folder`"))
	}
	verb := ""
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		verb, args = args[0], args[1:]
	}
	// Flags may come after the name too: relais partners add "X" -s site.
	var words []string
	for {
		if err := fs.Parse(args); err != nil {
			return 2
		}
		if args = fs.Args(); len(args) == 0 {
			break
		}
		words, args = append(words, args[0]), args[1:]
	}
	if _, err := os.Stat(filepath.Join(source, config.File)); err != nil {
		l.Print(stderr, "relais: %s has no %s: run relais partners in the site folder, or give it with -s\n", source, config.File)
		return 1
	}
	logins, findings := area.Read(os.DirFS(source))
	if len(findings) > 0 {
		for _, f := range findings {
			fmt.Fprintln(stderr, f.In(l))
		}
		return 1
	}
	name := strings.Join(words, " ")
	switch verb {
	case "list", "":
		return listPartners(l, logins, stdout)
	case "add":
		return addPartner(e, l, source, logins, name, stdout, stderr)
	case "remove", "rm":
		if name == "" {
			l.Print(stderr, "relais partners remove: give the partner's name or login\n")
			return 2
		}
		lg, ok := logins.Remove(name)
		if !ok {
			l.Print(stderr, "relais partners remove: no partner %q; relais partners list shows them\n", name)
			return 1
		}
		if err := area.Save(source, logins, func(ks *area.Keys) error { ks.Remove(lg.Login); return nil }); err != nil {
			l.Print(stderr, "relais: cannot write %s: %v\n", area.File, i18n.FileErr(err))
			return 1
		}
		l.Print(stdout, "%s (%s) can no longer log in once the site is built and published again.\n", lg.Name, lg.Login)
		return 0
	}
	l.Print(stderr, "relais partners: unknown action %q: add, remove or list\n", verb)
	return 2
}

func listPartners(l i18n.Lang, logins *area.Logins, stdout io.Writer) int {
	if len(logins.List) == 0 {
		l.Print(stdout, "No partner has a login yet: relais partners add \"Name of the partner\"\n")
		return 0
	}
	for _, lg := range logins.List {
		added := lg.Added
		if added == "" {
			added = "?"
		}
		l.Print(stdout, "%s\tlogin: %s\tadded: %s\n", lg.Name, lg.Login, added)
	}
	return 0
}

// addPartner adds a login: the password is asked twice at a terminal, or
// read from standard input; an empty answer makes one, shown once.
func addPartner(e Env, l i18n.Lang, source string, logins *area.Logins, name string, stdout, stderr io.Writer) int {
	if strings.TrimSpace(name) == "" {
		l.Print(stderr, "relais partners add: give the partner's name: relais partners add \"CIDFF du Rhône\"\n")
		return 2
	}
	password, made, err := askPassword(e, l, stderr)
	if err != nil {
		l.Print(stderr, "relais partners add: %v\n", err)
		return 1
	}
	lg, err := logins.Add(name, password, e.now())
	if err != nil {
		l.Print(stderr, "relais partners add: %v\n", i18n.FileErr(err))
		return 1
	}
	if err := area.Save(source, logins, func(ks *area.Keys) error { return ks.Add(lg.Login, password) }); err != nil {
		l.Print(stderr, "relais: cannot write %s: %v\n", area.File, i18n.FileErr(err))
		return 1
	}
	l.Print(stdout, "%s can log in with the login %s", lg.Name, lg.Login)
	if made {
		l.Print(stdout, " and the password %s (shown only now: give it to them by phone or by hand, not in the same e-mail as the login)", password)
	}
	l.Print(stdout, ", once the site is built and published again.\n")
	return 0
}

// askPassword reads the partner's password: twice at a terminal, once
// from standard input otherwise (scripts); an empty one is made
// (area.NewPassword), and made says so.
func askPassword(e Env, l i18n.Lang, stderr io.Writer) (password string, made bool, err error) {
	terminal := e.Stdin == nil && e.interactive()
	if terminal {
		l.Print(stderr, "Password for this partner (at least %d characters; press Enter to have one made): ", area.MinPassword)
	}
	var p string
	if e.Stdin == nil && !terminal {
		p, err = readLine(os.Stdin) // a script's
	} else {
		p, err = e.readPassword()
	}
	if terminal {
		fmt.Fprintln(stderr)
	}
	if err != nil && err != io.EOF {
		return "", false, err
	}
	p = strings.TrimRight(p, "\r\n")
	if p == "" {
		return area.NewPassword(), true, nil
	}
	if terminal {
		l.Print(stderr, "The same password again: ")
		again, _ := e.readPassword()
		fmt.Fprintln(stderr)
		if strings.TrimRight(again, "\r\n") != p {
			return "", false, i18n.Errorf("the two passwords differ: nothing was changed")
		}
	}
	return p, false, nil
}
