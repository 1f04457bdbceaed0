package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// readInput reads a regular file whole, up to the limit, and words what
// goes wrong naming the file.
func TestReadInputRegularFile(t *testing.T) {
	dir := t.TempDir()
	const limit = 64
	for _, n := range []int{1, 10, limit - 1, limit, limit + 1, 3 * limit} {
		name := filepath.Join(dir, "f.json")
		want := bytes.Repeat([]byte{'x'}, n)
		if err := os.WriteFile(name, want, 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := readInput("policy file", name, nil, limit, "a policy file", "too big")
		if n > limit {
			if err == nil || !strings.Contains(err.Error(), `policy file "`+name+`": over 64 bytes; too big`) {
				t.Errorf("%d bytes: err %v, want over 64 bytes", n, err)
			}
			continue
		}
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%d bytes: read %d bytes, %v", n, len(got), err)
		}
	}
	_, err := readInput("policy file", filepath.Join(dir, "missing.json"), nil, limit, "a policy file", "too big")
	if err == nil || !strings.Contains(err.Error(), "missing.json\": no such file") {
		t.Errorf("missing file: %v", err)
	}
}
