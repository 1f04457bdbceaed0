package cli

import (
	"io"
)

// RunVersion prints the version and where permwiz's AWS data comes from.
// version is main's (set by a release's -ldflags, else empty or "dev");
// the rest comes from the stamp and the binary's build information.
func RunVersion(w io.Writer, version string, s ...Stamp) error {
	var st Stamp
	if len(s) > 0 {
		st = s[0]
	}
	return writeVersion(w, currentBuild(version, st))
}
