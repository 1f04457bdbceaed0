//go:build !unix

package cli

import (
	"io"
	"os"
)

// readRegular reads at most max bytes of a regular file, starting with a
// buffer of size bytes.
func readRegular(name string, size, max int64) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readAllSized(io.LimitReader(f, max), size)
}

// regularSize returns the size of a regular file; ok is false for anything
// else, and when stat fails.
func regularSize(name string) (size int64, ok bool) {
	st, err := os.Stat(name)
	if err != nil || !st.Mode().IsRegular() {
		return 0, false
	}
	return st.Size(), true
}
