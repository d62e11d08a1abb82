package config

import (
	"errors"
	"strings"
	"testing"

	"relais/internal/diag"
	"relais/internal/i18n"
)

// TestParse reads settings, good and bad: each mistake is a finding at its
// line, in English and in French, and what is not written takes its
// default.
func TestParse(t *testing.T) {
	tests := []struct {
		name, src string
		en, fr    string // in the error; "" for none
	}{
		{"defaults", "", "", ""},
		{"a site under a path", "baseURL = \"https://example.org/iscg/\"\npaginate = 5\n", "", ""},
		{"a relative base", "baseURL = \"/\"\n", "", ""},
		{"paginate as text", "title = \"S\"\npaginate = \"dix\"\n", "site.toml:2:12: paginate takes a whole number, without quotes",
			"site.toml:2:12: paginate prend un nombre entier, sans guillemets"},
		{"paginate 0", "paginate = 0\n", "site.toml:1: paginate = 0: it must be 1 or more", "site.toml:1: paginate = 0 : il faut 1 ou plus"},
		{"paginate -1", "title = \"S\"\n\npaginate = -1\n", "site.toml:3: paginate = -1: it must be 1 or more", "il faut 1 ou plus"},
		{"a feed limit of 0", "[feeds]\nlimit = 0\n", "site.toml:2: limit = 0: it must be 1 or more", "limit = 0"},
		{"a boolean as text", "[markdown]\nunsafe = \"oui\"\n", "site.toml:2:10: markdown.unsafe takes true or false, without quotes", "prend true ou false"},
		{"a javascript: base", "title = \"S\"\nbaseURL = \"javascript:alert(1)//\"\n", "site.toml:2: baseURL \"javascript:alert(1)//\" is not the address of a web site",
			"site.toml:2: baseURL « javascript:alert(1)// » n’est pas l’adresse d’un site web"},
		{"a base without scheme", "baseURL = \"//example.org/\"\n", "is not the address of a web site", "n’est pas l’adresse"},
		{"an ftp base", "baseURL = \"ftp://example.org/\"\n", "is not the address of a web site", "n’est pas l’adresse"},
		{"an SFTP target", "[deploy]\ntarget = \"sftp://iscg@ssh.exemple-hebergeur.fr:22/www\"\n", "", ""},
		{"an FTPS target", "[deploy]\ntarget = \"ftps://iscg@ftp.exemple-hebergeur.fr/www\"\nparallel = 2\n", "", ""},
		{"a folder target", "[deploy]\ntarget = \"file:///mnt/serveur-mairie/site\"\n", "", ""},
		{"plain FTP asked for", "[deploy]\ntarget = \"ftp://iscg@ftp.exemple-hebergeur.fr/www\"\nplainFTP = true\n", "", ""},
		{"plain FTP not asked for", "[deploy]\ntarget = \"ftp://iscg@ftp.exemple-hebergeur.fr/www\"\n",
			"site.toml:2: target \"ftp://iscg@ftp.exemple-hebergeur.fr/www\" is FTP without encryption", "en clair"},
		{"a password in the target", "title = \"S\"\n[deploy]\ntarget = \"sftp://iscg:secret@ssh.exemple-hebergeur.fr/www\"\n",
			"site.toml:3: target holds a password", "mot de passe"},
		{"an unknown scheme", "[deploy]\ntarget = \"webdav://hote.fr/www\"\n", "site.toml:2: target \"webdav://hote.fr/www\": relais deploys by sftp://", "webdav"},
		{"a target without server", "[deploy]\ntarget = \"sftp:///www\"\n", "names no server", "serveur"},
		{"a folder on another machine", "[deploy]\ntarget = \"file://serveur/site\"\n", "is not a folder's address", "dossier"},
		{"a switch by SFTP", "[deploy]\ntarget = \"sftp://iscg@ssh.exemple-hebergeur.fr/www\"\nswitch = true\n", "", ""},
		{"a switch by FTPS", "[deploy]\ntarget = \"ftps://iscg@ftp.exemple-hebergeur.fr/www\"\nswitch = true\n", "site.toml:2: switch = true needs an SFTP target", "lien"},
		{"no deletions allowed", "[deploy]\nmaxDeletions = 0\n", "site.toml:2: maxDeletions = 0: it must be 1 or more", "il faut 1 ou plus"},
		{"an unknown setting", "titel = \"S\"\n", "site.toml:1:1: unknown setting titel", "réglage inconnu titel"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse([]byte(tt.src))
			if tt.en == "" {
				if err != nil {
					t.Fatal(err)
				}
				if c.Paginate <= 0 || c.SummaryWords <= 0 || c.Feeds.Limit <= 0 {
					t.Errorf("defaults not filled: %+v", c)
				}
				return
			}
			var l diag.List
			var f *diag.Finding
			if !errors.As(err, &l) && !errors.As(err, &f) {
				t.Fatalf("error %v (%T), want findings", err, err)
			}
			if got := i18n.English.Err(err); !strings.Contains(got, tt.en) {
				t.Errorf("English: %q, want %q", got, tt.en)
			}
			if got := i18n.French.Err(err); !strings.Contains(got, tt.fr) {
				t.Errorf("French: %q, want %q", got, tt.fr)
			}
		})
	}
}
