package audit

import (
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/permwiz/permwiz/policy"
)

// Memos. Linting a directory of policies asks the same questions again and
// again (is arn:aws:logs:*:*:* a log-group ARN? can ec2:RunInstances be
// granted on it?), and compiling a catalogue ARN format or a Resource
// pattern costs more than matching it. The answers depend only on their
// inputs and the embedded catalogue, so they are remembered for the life
// of the process, up to a bound that keeps a long wizard session small.

const memoLimit = 1 << 16

// memo is a concurrent map from strings, split in shards so that the
// goroutines linting files at once seldom wait for each other. (A
// sync.Map boxes each key in an interface, which costs an allocation per
// look-up: more than most answers cost to find.)
type memo[V any] struct {
	shards [memoShards]memoShard[V]
	n      atomic.Int64
}

const memoShards = 64

// get2 is get for the key a+"\x00"+b, built on the stack: the look-up of
// a key that is there allocates nothing.
func (c *memo[V]) get2(a, b string, compute func() V) V {
	var buf [192]byte
	key := append(append(append(buf[:0], a...), 0), b...)
	sh := &c.shards[shardOf(string(key))]
	sh.mu.RLock()
	v, ok := sh.m[string(key)]
	sh.mu.RUnlock()
	if ok {
		return v
	}
	return c.get(string(key), compute)
}

// shardOf picks a key's shard from a few of its bytes: the map hashes the
// whole key again, and keys (ARNs) are long.
func shardOf(key string) int {
	n := len(key)
	if n == 0 {
		return 0
	}
	return int(uint(n)*31+uint(key[n-1])*7+uint(key[n/2])*3+uint(key[n/3])) % memoShards
}

type memoShard[V any] struct {
	mu sync.RWMutex
	m  map[string]V
	_  [64 - unsafe.Sizeof(sync.RWMutex{}) - unsafe.Sizeof(map[string]int(nil))]byte // a cache line each
}

func (c *memo[V]) get(key string, compute func() V) V {
	sh := &c.shards[shardOf(key)]
	sh.mu.RLock()
	v, ok := sh.m[key]
	sh.mu.RUnlock()
	if ok {
		return v
	}
	v = compute()
	if c.n.Load() < memoLimit {
		sh.mu.Lock()
		if old, ok := sh.m[key]; ok {
			v = old // another goroutine got there first: one answer for all
		} else {
			if sh.m == nil {
				sh.m = make(map[string]V, 64)
			}
			sh.m[key] = v
			c.n.Add(1)
		}
		sh.mu.Unlock()
	}
	return v
}

// arnShape is a compiled catalogue ARN format, or a compiled Resource
// pattern: the six fields as units when it has six, else the whole.
type arnShape struct {
	fields [6][]unit
	whole  []unit
	six    bool
	// For formats: whether the region and account fields are empty.
	regionless, accountless bool
}

var (
	formatMemo   memo[*arnShape]
	resourceMemo memo[*arnShape]
)

// formatShape compiles a catalogue ARN format such as
// "arn:${Partition}:s3:::${BucketName}/${ObjectName}" (see [arnTemplate]).
func formatShape(format string) *arnShape {
	return formatMemo.get(format, func() *arnShape {
		var ps [7]pattern
		ps[0] = arnTemplate(format)
		ff, n := policy.SplitARN(format)
		if n == 6 {
			for i := range ff {
				ps[1+i] = arnTemplate(ff[i])
			}
		}
		sh := newShape(&ps, n == 6, true)
		if sh.six {
			sh.regionless, sh.accountless = ff[3] == "", ff[4] == ""
		}
		return sh
	})
}

// resourceShape compiles a Resource pattern as lint and check read it (see
// [policyPattern]).
//
// A resource of six fields keeps only them: its whole, wanted only against
// a format that is not six fields (see wholeUnits), is its fields joined by
// colons, which a Resource pattern's variables and wildcards never span
// differently (a format's variables do: see [arnTemplate]).
func resourceShape(resource string) *arnShape {
	return resourceMemo.get(resource, func() *arnShape {
		var ps [7]pattern
		rf := arnFields(resource)
		if len(rf) == 6 {
			for i := range rf {
				ps[1+i] = policyPattern(rf[i])
			}
		} else {
			ps[0] = policyPattern(resource)
		}
		return newShape(&ps, len(rf) == 6, len(rf) != 6)
	})
}

// newShape is the shape of the whole ps[0] (when whole) and, when six, of
// the fields ps[1:]: their units in one allocation.
func newShape(ps *[7]pattern, six, whole bool) *arnShape {
	n := 0
	for i, p := range ps {
		if i > 0 && six || i == 0 && whole {
			n += p.unitCount()
		}
	}
	buf := make([]unit, 0, n)
	sh := &arnShape{six: six}
	if whole {
		buf = ps[0].appendUnits(buf)
		sh.whole = buf[:len(buf):len(buf)]
	}
	if six {
		for i := range sh.fields {
			k := len(buf)
			buf = ps[1+i].appendUnits(buf)
			sh.fields[i] = buf[k:len(buf):len(buf)]
		}
	}
	return sh
}

// wholeUnits returns the units of the whole pattern: whole, or for a
// resource of six fields kept without it, the fields joined by colons.
func (sh *arnShape) wholeUnits() []unit {
	if sh.whole != nil || !sh.six {
		return sh.whole
	}
	n := 5
	for _, f := range sh.fields {
		n += len(f)
	}
	out := make([]unit, 0, n)
	for i, f := range sh.fields {
		if i > 0 {
			out = append(out, litUnit(':'))
		}
		out = append(out, f...)
	}
	return out
}

// shapesOverlap reports whether a resource can have a format's shape. Two
// full ARNs are compared field by field, as ArnLike compares them, so a *
// in the region field stands for a region and not for the colons and
// fields after it; anything else is compared whole.
func shapesOverlap(format, resource *arnShape) bool {
	if !format.six || !resource.six {
		return unitsOverlap(format.wholeUnits(), resource.wholeUnits())
	}
	for i := range format.fields {
		if !unitsOverlap(format.fields[i], resource.fields[i]) {
			return false
		}
	}
	return true
}
