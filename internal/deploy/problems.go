package deploy

import (
	"crypto/x509"
	"errors"
	"io/fs"
	"net"
	"os"
	"strings"
	"syscall"

	"github.com/pkg/sftp"

	"relais/internal/i18n"
)

// Kind is what went wrong, in her words.
type Kind int

// What can go wrong with a target.
const (
	Other          Kind = iota
	NoSuchHost          // the name is not known
	Unreachable         // no answer, or refused
	Closed              // the server closed the connection at once (an address not allowed)
	Auth                // wrong user, password or key
	BadKey              // the key file cannot be read
	UnknownHost         // a server met for the first time: its key to check
	ChangedHost         // a server whose key changed
	NoSFTP              // SSH, but no file transfer
	NoFolder            // the site's folder is not on the server
	NotAllowed          // the folder may not be written
	Full                // the server's disk is full
	BadCertificate      // FTPS: the certificate is not valid
	NoTLS               // FTP without TLS, not allowed
)

// Problem is an error of a target, with what went wrong.
type Problem struct {
	Kind Kind
	// Fingerprint is the server's key (UnknownHost, ChangedHost), Old
	// the one kept before (ChangedHost).
	Fingerprint, Old string
	Err              error
}

func (p *Problem) Error() string {
	if p.Err == nil {
		return Explain(p).String()
	}
	return Explain(p).String() + " (" + p.Err.Error() + ")"
}

func (p *Problem) Unwrap() error { return p.Err }

// In says the problem in language l (a Problem is an i18n.Sayer: said in
// her language wherever a message holds it).
func (p *Problem) In(l i18n.Lang) string { return Explain(p).In(l) }

func dialProblem(err error) error {
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return &Problem{Kind: NoSuchHost, Err: err}
	}
	return &Problem{Kind: Unreachable, Err: err}
}

func sshProblem(err error) error {
	s := err.Error()
	switch {
	case strings.Contains(s, "unable to authenticate"):
		return &Problem{Kind: Auth, Err: err}
	case strings.Contains(s, "EOF") || strings.Contains(s, "connection reset"):
		return &Problem{Kind: Closed, Err: err}
	}
	return &Problem{Kind: Other, Err: err}
}

// classify finds what went wrong in an error of a target's operation.
func classify(err error) Kind {
	var p *Problem
	if errors.As(err, &p) {
		return p.Kind
	}
	var se *sftp.StatusError
	if errors.As(err, &se) {
		switch se.FxCode() {
		case sftp.ErrSSHFxPermissionDenied:
			return NotAllowed
		case sftp.ErrSSHFxNoSuchFile:
			return NoFolder
		}
		if strings.Contains(strings.ToLower(se.Error()), "quota") || strings.Contains(se.Error(), "space") {
			return Full
		}
	}
	var ce x509.CertificateInvalidError
	var ue x509.UnknownAuthorityError
	var he x509.HostnameError
	switch {
	case errors.Is(err, fs.ErrPermission), errors.Is(err, os.ErrPermission), errors.Is(err, syscall.EROFS):
		return NotAllowed
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EDQUOT):
		return Full
	case errors.As(err, &ce), errors.As(err, &ue), errors.As(err, &he):
		return BadCertificate
	}
	s := err.Error()
	switch {
	case strings.HasPrefix(s, "552") || strings.Contains(s, "No space") || strings.Contains(s, "Quota"):
		return Full
	case strings.HasPrefix(s, "530"):
		return Auth
	case strings.HasPrefix(s, "550") || strings.HasPrefix(s, "553"):
		return NotAllowed
	}
	return Other
}

// Explain says what went wrong and what to do, in words she knows.
func Explain(err error) i18n.Text {
	p := &Problem{}
	if !errors.As(err, &p) {
		p = &Problem{Kind: classify(err), Err: err}
	}
	switch p.Kind {
	case NoSuchHost:
		return i18n.T("the server's name is not known: check its spelling in site.toml ([deploy] target), as your host's control panel gives it")
	case Unreachable:
		return i18n.T("the server does not answer: check the internet connection, the server's name and its port (22 for SFTP, 21 for FTP)")
	case Closed:
		return i18n.T("the server closed the connection at once: some hosts only let in the addresses they know; allow yours in the control panel (« SSH », « accès autorisés »), then try again")
	case Auth:
		return i18n.T("the server refused the user name or the password (or key): check them in your host's control panel, then run relais deploy --forget to type the password again")
	case BadKey:
		return i18n.T("the SSH key file cannot be read: check the path given in site.toml ([deploy] key); a key protected by a passphrase must be opened by ssh-agent first")
	case UnknownHost:
		return i18n.T("this server is met for the first time; its key's fingerprint is %s: check it with your host (its help pages or support give it), then run relais deploy --trust-host %s", p.Fingerprint, p.Fingerprint)
	case ChangedHost:
		return i18n.T("the server's key changed (it was %s, it is now %s): it may not be your host's server; nothing was sent. If your host says it changed its key, remove the server's line from %s and deploy again", p.Old, p.Fingerprint, hostKeysHint)
	case NoSFTP:
		return i18n.T("the server accepts SSH but not file transfer (SFTP): ask your host, or use ftps:// if it offers FTP")
	case NoFolder:
		return i18n.T("the site's folder (%s) is not on the server: check the path in site.toml ([deploy] target), as the host's file manager shows it (often /www or /public_html)", errText(p.Err))
	case NotAllowed:
		return i18n.T("the server does not let relais write in the site's folder: check the path (it must be in your space) and the folder's permissions in the control panel")
	case Full:
		return i18n.T("the server's disk (or your space's quota) is full: free some space in the control panel, then deploy again; what was sent so far is online whole, and the next deploy finishes the job")
	case BadCertificate:
		if p.Fingerprint != "" {
			return i18n.T("the server's certificate is not valid for this name (%s); its fingerprint is %s. Your password would not be safe if it is not your host's server: ask your host, or use the server name its control panel gives for FTP. If your host confirms this fingerprint, write certificate = \"%s\" under [deploy] in site.toml", errText(p.Err), p.Fingerprint, p.Fingerprint)
		}
		return i18n.T("the server's certificate is not valid (expired, or not for this name): the password would not be safe; ask your host, or give the certificate to trust in site.toml ([deploy] certificate)")
	case NoTLS:
		return i18n.T("this server offers FTP without encryption: the password would travel in clear. Use sftp:// or ftps:// if your host offers it; otherwise write plainFTP = true under [deploy] in site.toml, knowing the risk")
	}
	return i18n.T("the server answered: %s", errText(p.Err))
}

// hostKeysHint names the file of the servers' keys, for messages.
var hostKeysHint = "relais/known_hosts"

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
