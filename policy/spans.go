package policy

// StatementSpan is where one statement sits in a document's indented JSON:
// lines First to Last, counted from 0, both included.
type StatementSpan struct {
	First, Last int
}

// JSONLines returns the document's indented JSON, byte for byte what JSON()
// returns, and the line range of each statement, so that a preview can mark
// the statements a question shapes without parsing the JSON again.
func (d *Document) JSONLines() ([]byte, []StatementSpan) {
	spans := make([]StatementSpan, len(d.Statement))
	return d.encodeTo(true, spans), spans
}
