//go:build unix

package cli

import (
	"os"
	"syscall"
)

// readRegular reads at most max bytes of a regular file, starting with a
// buffer of size bytes (its size by stat, plus one), by the system calls
// alone: open, read to the end (one read when the file has the size stat
// gave), close. (os.Open also offers each file to the network poller and sets its
// flags, six more system calls a file: they were half of those lint made
// over a directory of policies.) Errors are what os.Open and (*os.File).Read
// return.
func readRegular(name string, size, max int64) ([]byte, error) {
	var fd int
	for {
		var err error
		fd, err = syscall.Open(name, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NOCTTY, 0)
		if err == nil {
			break
		}
		if err != syscall.EINTR {
			return nil, &os.PathError{Op: "open", Path: name, Err: err}
		}
	}
	defer syscall.Close(fd)
	b := make([]byte, 0, size)
	sized := true // b is as stat sized it: the file's size plus one
	for int64(len(b)) < max {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)] // grow, as io.ReadAll does
			sized = false
		}
		n, err := syscall.Read(fd, b[len(b):min(int64(cap(b)), max)])
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil:
			return nil, &os.PathError{Op: "read", Path: name, Err: err}
		case n == 0:
			return b, nil
		}
		b = b[:len(b)+n]
		if sized && len(b) == cap(b)-1 {
			// Exactly the size stat gave: the whole file as it was then,
			// without a last read to find its end (a file that grew since
			// reads as if it had been read before).
			return b, nil
		}
	}
	return b, nil
}

// regularSize returns the size of a regular file, found by one stat system
// call (os.Stat allocates what lint, over a directory of policies, does not
// need). ok is false for anything else, and when stat fails: os.Stat then
// says what it is, in its own words.
func regularSize(name string) (size int64, ok bool) {
	var st syscall.Stat_t
	for {
		err := syscall.Stat(name, &st)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return 0, false
		}
		break
	}
	return st.Size, st.Mode&syscall.S_IFMT == syscall.S_IFREG
}
