//go:build !windows

package i18n

// systemLanguage is, where no variable says one, the language of the
// system's user interface: none known here.
func systemLanguage() string { return "" }
