package cli

import "strings"

// ErrorText is how main shows a command's error on stderr: every line
// starts with "permwiz: ", so each of several bad answers reads on its
// own and grep finds them all. Empty for a silent exit.
func ErrorText(err error) string {
	if err == nil || err.Error() == "" {
		return ""
	}
	lines := strings.Split(strings.TrimRight(Message(err), "\n"), "\n")
	return "permwiz: " + strings.Join(lines, "\npermwiz: ") + "\n"
}
