// Package golive puts a site online, for relais deploy and the editor's
// « Mettre en ligne »: it builds the site as relais build does, in a
// folder of its own, refuses a site with errors or an example address,
// opens the target site.toml names with the password kept in the
// system's keychain, and makes the plan that deploy runs.
package golive

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"

	"relais/internal/config"
	"relais/internal/deploy"
	"relais/internal/diag"
	"relais/internal/i18n"
	"relais/internal/output"
	"relais/internal/site"
)

// Env is what a deploy takes from the world.
type Env struct {
	// ConfigDir keeps the servers' keys seen before (known_hosts).
	ConfigDir string
	// Secrets keeps passwords; nil keeps none.
	Secrets Secrets
	Getenv  func(string) string
}

func (e Env) getenv(k string) string {
	if e.Getenv == nil {
		return os.Getenv(k)
	}
	return e.Getenv(k)
}

// Dir is the folder a site is built in to be deployed: one per site,
// never the preview's nor public/.
func Dir(cacheDir, siteDir string) string {
	sum := sha256.Sum256([]byte(siteDir))
	return filepath.Join(cacheDir, "relais", "deploy", hex.EncodeToString(sum[:8]), "site")
}

// Built is a site built to be deployed.
type Built struct {
	Dir      string
	Config   *config.Config
	Files    []deploy.File
	Warnings diag.List
}

// Build builds the site into opts.Dest and lists its files. A site with
// errors (those relais check reports) or an example base URL is refused.
func Build(ctx context.Context, opts site.Options) (*Built, error) {
	opts.Audit = true
	s := site.New(opts)
	defer s.Close()
	res, err := s.Build(ctx)
	if err != nil {
		return nil, err
	}
	var errs diag.List
	errs.Add(s.Audit().ForCheck().Errors()...)
	if len(errs) > 0 {
		return nil, errs
	}
	cfg := s.Config()
	if cfg.Placeholder() {
		return nil, diag.Errorf(config.File, cfg.BaseURLLine, "baseURL is still the example address %s: the pages, feeds and PDFs would link there", cfg.BaseURL).
			WithHint("write your site's address, as your host gives it (such as \"https://www.iscg-exemple.fr/\"), then deploy again")
	}
	files, err := deploy.Local(opts.Dest)
	if err != nil {
		return nil, err
	}
	out := files[:0]
	for _, f := range files {
		if f.Path != output.Marker {
			out = append(out, f)
		}
	}
	return &Built{Dir: opts.Dest, Config: cfg, Files: out, Warnings: res.Warnings}, nil
}

// Target is where site.toml says the site goes.
type Target struct {
	Scheme, User, Host, Dir string
	Port                    int
}

// ParseTarget reads [deploy] target (checked already by config).
func ParseTarget(d config.Deploy) (Target, error) {
	if d.Target == "" {
		return Target{}, i18n.Errorf("site.toml says nowhere to deploy: add a [deploy] table with target = \"sftp://user@ssh.host.fr/www\" (or ftps://, or file:///a/folder), as your host's control panel gives it")
	}
	u, err := url.Parse(d.Target)
	if err != nil {
		return Target{}, err
	}
	t := Target{Scheme: u.Scheme, Host: u.Hostname(), Dir: u.Path}
	if u.User != nil {
		t.User = u.User.Username()
	}
	if p := u.Port(); p != "" {
		if t.Port, err = strconv.Atoi(p); err != nil {
			return Target{}, err
		}
	}
	return t, nil
}

// Account names the target's password in the keychain: the server and
// user, not the folder.
func (t Target) Account() string {
	return fmt.Sprintf("%s://%s@%s:%d", t.Scheme, t.User, t.Host, t.Port)
}

// String is the target as she wrote it.
func (t Target) String() string {
	if t.Scheme == "file" {
		return t.Dir
	}
	host := t.Host
	if t.Port != 0 {
		host += ":" + strconv.Itoa(t.Port)
	}
	user := ""
	if t.User != "" {
		user = t.User + "@"
	}
	return t.Scheme + "://" + user + host + t.Dir
}

// Login is what opening a target may use besides site.toml.
type Login struct {
	// Password, if set, is used; else RELAIS_DEPLOY_PASSWORD, else the
	// keychain's.
	Password string
	// Trust is a host key's or certificate's fingerprint she accepts.
	Trust string
}

// NeedPassword is the error of a target that needs a password relais
// does not have: ask her, then open again with Login.Password.
var NeedPassword = errors.New("no password")

// Open opens the target site.toml names. siteDir resolves a relative
// key or certificate file.
func Open(ctx context.Context, env Env, d config.Deploy, siteDir string, login Login) (deploy.Target, error) {
	t, err := ParseTarget(d)
	if err != nil {
		return nil, err
	}
	if t.Scheme == "file" {
		f, err := deploy.OpenFolder(folderPath(t.Dir))
		if err != nil {
			return nil, i18n.Errorf("the folder %s cannot be opened (%v): check that the network share is connected, and the path in site.toml", t.Dir, err)
		}
		return f, nil
	}
	password, fromStore := login.Password, false
	if password == "" {
		password = env.getenv("RELAIS_DEPLOY_PASSWORD")
	}
	if password == "" && env.Secrets != nil {
		if p, err := env.Secrets.Get(t.Account()); err == nil {
			password, fromStore = p, true
		}
	}
	var target deploy.Target
	switch t.Scheme {
	case "sftp":
		var key []byte
		keyFile := d.Key
		if keyFile == "" {
			keyFile = env.getenv("RELAIS_DEPLOY_KEY")
		}
		if keyFile != "" {
			if !filepath.IsAbs(keyFile) {
				keyFile = filepath.Join(siteDir, keyFile)
			}
			if key, err = os.ReadFile(keyFile); err != nil {
				return nil, &deploy.Problem{Kind: deploy.BadKey, Err: err}
			}
		}
		if key == nil && password == "" {
			return nil, NeedPassword
		}
		target, err = deploy.DialSFTP(ctx, deploy.SFTPConfig{Host: t.Host, Port: t.Port, User: t.User, Dir: t.Dir,
			Password: password, Key: key, HostKeys: &deploy.HostKeys{File: filepath.Join(env.ConfigDir, "known_hosts")}, Trust: login.Trust})
	case "ftps", "ftp":
		cert := d.Certificate
		if cert != "" && !strings.HasPrefix(cert, "SHA256:") {
			if !filepath.IsAbs(cert) {
				cert = filepath.Join(siteDir, cert)
			}
			b, err := os.ReadFile(cert)
			if err != nil {
				return nil, &deploy.Problem{Kind: deploy.BadCertificate, Err: err}
			}
			cert = string(b)
		}
		if cert == "" {
			cert = login.Trust
		}
		if password == "" && t.User != "" && t.User != "anonymous" {
			return nil, NeedPassword
		}
		target, err = deploy.DialFTP(ctx, deploy.FTPConfig{Host: t.Host, Port: t.Port, User: t.User, Dir: t.Dir, Password: password,
			Plain: t.Scheme == "ftp", Certificate: cert, Conns: d.Parallel})
	default:
		return nil, i18n.Errorf("relais deploys by sftp://, ftps:// or to a folder (file://), not %q", t.Scheme)
	}
	var p *deploy.Problem
	if errors.As(err, &p) && p.Kind == deploy.Auth && fromStore {
		// The password kept is no longer the server's: ask again.
		_ = env.Secrets.Delete(t.Account())
		return nil, NeedPassword
	}
	if err != nil {
		return nil, err
	}
	if login.Password != "" && env.Secrets != nil {
		_ = env.Secrets.Set(t.Account(), login.Password) // asked once: kept if the keychain can
	}
	return target, nil
}

// folderPath is the folder of a file:// address: "/mnt/site", or on
// Windows "/Z:/site" is Z:\site.
func folderPath(p string) string {
	if runtime.GOOS == "windows" && len(p) > 2 && p[0] == '/' && p[2] == ':' {
		p = p[1:]
	}
	return filepath.FromSlash(p)
}

// Forget removes the target's password from the keychain.
func Forget(env Env, d config.Deploy) error {
	t, err := ParseTarget(d)
	if err != nil {
		return err
	}
	if env.Secrets == nil {
		return nil
	}
	return env.Secrets.Delete(t.Account())
}

// Options are the deploy's settings from site.toml.
func Options(d config.Deploy) deploy.Options {
	return deploy.Options{Parallel: d.Parallel, MaxDeletions: d.MaxDeletions, Switch: d.Switch}
}

// loadConfigFS reads the site's settings, for the target, before a build.
func loadConfigFS(o site.Options) (*config.Config, error) { return config.Load(o.Source) }

// MakePlan compares the site with the target: with its current release,
// for an atomic switch ([deploy] switch = true).
func MakePlan(ctx context.Context, d config.Deploy, t deploy.Target, files []deploy.File) (*deploy.Plan, error) {
	if s, ok := t.(*deploy.SFTP); ok && d.Switch {
		return s.PlanSwitch(ctx, files)
	}
	return deploy.MakePlan(ctx, t, files)
}

// Run carries out a plan made by MakePlan.
func Run(ctx context.Context, d config.Deploy, t deploy.Target, p *deploy.Plan, o deploy.Options) error {
	if s, ok := t.(*deploy.SFTP); ok && d.Switch {
		return s.RunSwitch(ctx, p, o)
	}
	return p.Run(ctx, t, o)
}
