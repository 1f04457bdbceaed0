package policy

import "bytes"

// StatementSpan is where one statement sits in a document's indented JSON:
// lines First to Last, counted from 0, both included.
type StatementSpan struct {
	First, Last int
}

// JSONLines returns the document's indented JSON, byte for byte what JSON()
// returns, and the line range of each statement, so that a preview can mark
// the statements a question shapes without parsing the JSON again.
func (d *Document) JSONLines() ([]byte, []StatementSpan) {
	e := encoder{pretty: true, buf: make([]byte, 0, 512*len(d.Statement)+64)}
	spans := make([]StatementSpan, len(d.Statement))
	e.open('{')
	n := 0
	e.field(&n, "Version")
	e.str(d.Version)
	if d.ID != "" {
		e.field(&n, "Id")
		e.str(d.ID)
	}
	e.field(&n, "Statement")
	e.open('[')
	line := 0 // lines counted up to counted
	counted := 0
	lineAt := func(off int) int {
		line += bytes.Count(e.buf[counted:off], []byte{'\n'})
		counted = off
		return line
	}
	for i := range d.Statement {
		e.item(i)
		spans[i].First = lineAt(len(e.buf))
		e.statement(&d.Statement[i])
		spans[i].Last = lineAt(len(e.buf))
	}
	e.close(']', len(d.Statement))
	e.close('}', n)
	e.buf = append(e.buf, '\n')
	return e.buf, spans
}
