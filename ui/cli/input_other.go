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

// regularSize is false: os.Stat decides.
func regularSize(string) (int64, bool) { return 0, false }
