package area

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strconv"
	"strings"

	"relais/internal/config"
	"relais/internal/diag"
	"relais/internal/i18n"
)

// KeysFile keeps what the encrypted partner area needs (protection =
// "encrypted"), beside site.toml and never published: the area's key, and
// for each partner a key derived from their password. Whoever has it can
// read the area: it is never sent anywhere.
const KeysFile = "partenaires.cles"

// Iterations of PBKDF2-SHA256 that make a partner's key from their
// password: what OWASP asks for in 2023, so that a password cannot be
// tried fast against a published page.
const Iterations = 600_000

// Keys are the keys of the encrypted area.
type Keys struct {
	Master []byte // the area's key: pages are encrypted with it
	// Salt is the area's: every partner's key is made with it, so that a
	// browser derives one key from the password typed and tries it on
	// every partner's (no login is asked, and none is published).
	Salt []byte
	List []PartnerKey
}

// PartnerKey is what opens the area's key for one partner: the key
// their password gives with the area's salt.
type PartnerKey struct {
	Login string
	Key   []byte
}

const keysHeader = `# Keys of the encrypted partner area, written by relais partners (or the editor).
# Whoever has this file can read the area: never publish it, never send it.
`

// ReadKeys reads KeysFile from the site folder; none: no key yet.
func ReadKeys(site fs.FS) (*Keys, diag.List) {
	b, err := readFile(site, KeysFile)
	if err != nil {
		return &Keys{}, diag.List{diag.Errorf(KeysFile, 0, "cannot read the keys of the partner area: %v", i18n.FileErr(err))}
	}
	return ParseKeys(b)
}

// ParseKeys reads the keys of a file.
func ParseKeys(b []byte) (*Keys, diag.List) {
	var l diag.List
	ks := &Keys{}
	b64 := base64.StdEncoding
	for i, line := range strings.Split(string(b), "\n") {
		t := strings.TrimSpace(line)
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		parts := strings.Split(t, ":")
		bad := func() {
			l.Add(diag.Errorf(KeysFile, i+1, "this line is not a key").
				WithHint("add the partners again (relais partners add) after removing this line; the file is written by relais"))
		}
		if len(parts) != 2 {
			bad()
			continue
		}
		if parts[0] == "iterations" {
			if n, err := strconv.Atoi(parts[1]); err != nil || n != Iterations {
				bad()
			}
			continue
		}
		v, err := b64.DecodeString(parts[1])
		switch {
		case err != nil:
			bad()
		case parts[0] == "master" && len(v) == 32:
			ks.Master = v
		case parts[0] == "salt" && len(v) == 16:
			ks.Salt = v
		case len(v) == 32 && parts[0] != "master" && parts[0] != "salt":
			ks.List = append(ks.List, PartnerKey{Login: parts[0], Key: v})
		default:
			bad()
		}
	}
	return ks, l
}

// Bytes is KeysFile's text.
func (ks *Keys) Bytes() []byte {
	var b bytes.Buffer
	b64 := base64.StdEncoding
	b.WriteString(keysHeader)
	if ks.Master != nil {
		fmt.Fprintf(&b, "iterations:%d\nmaster:%s\nsalt:%s\n", Iterations, b64.EncodeToString(ks.Master), b64.EncodeToString(ks.Salt))
	}
	for _, k := range ks.List {
		fmt.Fprintf(&b, "%s:%s\n", k.Login, b64.EncodeToString(k.Key))
	}
	return b.Bytes()
}

// Write writes KeysFile into the site folder dir, whole or not at all,
// readable by her alone.
func (ks *Keys) Write(dir string) error { return writeFile(dir, KeysFile, ks.Bytes()) }

// Add makes login's key from password; the area gets its key the first
// time.
func (ks *Keys) Add(login, password string) error {
	if ks.Master == nil || ks.Salt == nil {
		ks.Master, ks.Salt = make([]byte, 32), make([]byte, 16)
		rand.Read(ks.Master)
		rand.Read(ks.Salt)
		ks.List = nil // made with another salt
	}
	key, err := PartnerKeyOf(password, ks.Salt)
	if err != nil {
		return err
	}
	ks.List = slices.DeleteFunc(ks.List, func(k PartnerKey) bool { return k.Login == login })
	ks.List = append(ks.List, PartnerKey{Login: login, Key: key})
	return nil
}

// PartnerKeyOf is the key a password gives with the area's salt, as the
// browser makes it (PBKDF2-SHA256, Iterations).
func PartnerKeyOf(password string, salt []byte) ([]byte, error) {
	return pbkdf2.Key(sha256.New, password, salt, Iterations, 32)
}

// Remove forgets login's key and makes the area a new key, so that what
// the partner may have kept of the old one opens nothing built after.
func (ks *Keys) Remove(login string) {
	ks.List = slices.DeleteFunc(ks.List, func(k PartnerKey) bool { return k.Login == login })
	if ks.Master != nil {
		rand.Read(ks.Master)
	}
}

// Has reports whether login has a key.
func (ks *Keys) Has(login string) bool {
	return slices.ContainsFunc(ks.List, func(k PartnerKey) bool { return k.Login == login })
}

// Save writes the logins into the site folder dir, and, when the site's
// area is encrypted (site.toml: [partners] protection = "encrypted"), its
// keys changed by change: the keys first, so that a login never lacks
// its key.
func Save(dir string, ls *Logins, change func(*Keys) error) error {
	if cfg, err := config.Load(os.DirFS(dir)); err == nil && cfg.Partners.Protection == Encrypted {
		ks, findings := ReadKeys(os.DirFS(dir))
		if len(findings) > 0 {
			return findings
		}
		if err := change(ks); err != nil {
			return err
		}
		if err := ks.Write(dir); err != nil {
			return err
		}
	}
	return ls.Write(dir)
}

// seal encrypts plain with key (AES-256-GCM), with a nonce made from
// both, so that the same text gives the same bytes (a build that changes
// nothing writes nothing) and another text other bytes; aad is bound to
// it (a page's address: a page cannot be shown as another).
func seal(key, plain, aad []byte) (nonce, sealed []byte) {
	block, err := aes.NewCipher(key)
	if err != nil {
		panic(err) // a 32-byte key
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		panic(err)
	}
	mac := hmac.New(sha256.New, key)
	mac.Write(aad)
	mac.Write([]byte{0})
	mac.Write(plain)
	nonce = mac.Sum(nil)[:gcm.NonceSize()]
	return nonce, gcm.Seal(nil, nonce, plain, aad)
}

// open is seal's reverse, for tests.
func open(key, nonce, sealed, aad []byte) ([]byte, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return gcm.Open(nil, nonce, sealed, aad)
}
