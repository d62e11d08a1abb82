package golive

import (
	"errors"

	"github.com/zalando/go-keyring"
)

// Secrets keeps the deploy passwords, by account (Target.Account).
type Secrets interface {
	Get(account string) (string, error)
	Set(account, secret string) error
	Delete(account string) error
}

// Keychain keeps them in the system's keychain: Windows Credential
// Manager, macOS Keychain, or the Secret Service of a Linux desktop.
// Where there is none (a server without a session bus), nothing is kept
// and the password is asked each time.
type Keychain struct{}

const service = "relais"

// Get implements Secrets.
func (Keychain) Get(account string) (string, error) { return keyring.Get(service, account) }

// Set implements Secrets.
func (Keychain) Set(account, secret string) error { return keyring.Set(service, account, secret) }

// Delete implements Secrets; a password not kept is not an error.
func (Keychain) Delete(account string) error {
	if err := keyring.Delete(service, account); err != nil && !errors.Is(err, keyring.ErrNotFound) {
		return err
	}
	return nil
}

// Memory keeps passwords for the life of the program: the editor's, when
// the keychain cannot.
type Memory struct {
	Next Secrets // tried first, if set
	m    map[string]string
}

// Get implements Secrets.
func (s *Memory) Get(account string) (string, error) {
	if s.Next != nil {
		if p, err := s.Next.Get(account); err == nil {
			return p, nil
		}
	}
	if p, ok := s.m[account]; ok {
		return p, nil
	}
	return "", keyring.ErrNotFound
}

// Set implements Secrets.
func (s *Memory) Set(account, secret string) error {
	if s.m == nil {
		s.m = map[string]string{}
	}
	s.m[account] = secret
	if s.Next != nil {
		return s.Next.Set(account, secret)
	}
	return nil
}

// Delete implements Secrets.
func (s *Memory) Delete(account string) error {
	delete(s.m, account)
	if s.Next != nil {
		return s.Next.Delete(account)
	}
	return nil
}
