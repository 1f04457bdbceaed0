package tui

import (
	"slices"
	"strings"

	"github.com/permwiz/permwiz/policy"
	"github.com/permwiz/permwiz/wizard"
)

// cache keeps what a keystroke that changes nothing visible need not redo:
// the draft bundle (rebuilt only when an answer changes) and the rendered
// preview of one document (redone only when its JSON, the marked field or
// the pane's width changes).
type cache struct {
	draft *wizard.Bundle

	docJSON string
	field   string
	width   int
	lines   []string // rendered, wrapped preview lines
	marked  []bool   // whether each rendered line belongs to a marked statement
}

// bundle is wizard.Draft of the current answers: with every answer valid it
// equals wizard.Build's bundle, so the preview shows exactly what
// `permwiz generate` writes.
func (m *Model) bundle() *wizard.Bundle {
	if m.cache.draft == nil {
		m.cache.draft = wizard.Draft(m.a)
	}
	return m.cache.draft
}

// previewDocs are the documents the current step shows: the step's
// documents that the answers produce, or on the review every document.
func (m *Model) previewDocs() []*wizard.Doc {
	b := m.bundle()
	var out []*wizard.Doc
	if m.onReview() {
		for i := range b.Docs {
			out = append(out, &b.Docs[i])
		}
		return out
	}
	for _, id := range m.steps[m.step].Docs {
		if d := b.Doc(id); d != nil {
			out = append(out, d)
		}
	}
	return out
}

func (m *Model) previewDoc() *wizard.Doc {
	docs := m.previewDocs()
	if len(docs) == 0 {
		return nil
	}
	if m.onReview() && m.doc == len(docs) {
		return nil // the next-steps tab
	}
	if m.doc >= len(docs) || m.doc < 0 {
		m.doc = 0
	}
	return docs[m.doc]
}

// docForField picks the first document of the step with a statement the
// focused field shapes, so the preview follows the question.
func (m *Model) docForField() int {
	f := m.focusedField()
	if f == wizard.FieldPolicies {
		// The document of the option under the cursor, whether ticked
		// or not: the one the user is deciding about.
		ids := map[string]string{string(wizard.KinesisProducer): wizard.DocKinesisProducer,
			string(wizard.KinesisConsumer): wizard.DocKinesisConsumer, string(wizard.KinesisAdmin): wizard.DocKinesisAdmin}
		opts := wizard.Ask(f).Options
		if c := m.cursor[f]; c < len(opts) {
			for i, d := range m.previewDocs() {
				if d.ID == ids[opts[c].Value] {
					return i
				}
			}
		}
	}
	for i, d := range m.previewDocs() {
		for j := range d.Policy.Statement {
			if m.shapes(&d.Policy.Statement[j], f) {
				return i
			}
		}
	}
	if docs := m.previewDocs(); m.doc < len(docs) {
		return m.doc
	}
	return 0
}

func (m *Model) nextDoc(delta int) {
	n := len(m.previewDocs())
	if n == 0 {
		return
	}
	m.doc = (m.doc + delta + n) % n
	m.docPinned = true
	m.scroll = 0
	m.scrollToMark()
}

// shapes reports whether the field's answer shows in the statement: the
// statement's Fields, and for the account and the region, any resource ARN
// that holds the answer (or its placeholder), such as a key ARN.
func (m *Model) shapes(st *policy.Statement, field string) bool {
	if slices.Contains(st.Fields, field) {
		return true
	}
	var ph string
	switch field {
	case wizard.FieldAccountID:
		ph = wizard.PHAccount
	case wizard.FieldRegion:
		ph = wizard.PHRegion
	default:
		return false
	}
	v := m.a.Normalized().Value(field)
	for _, r := range st.Resource {
		if strings.Contains(r, ":"+ph+":") || v != "" && strings.Contains(r, ":"+v+":") {
			return true
		}
	}
	return false
}

// canCopy: the previewed document holds no placeholder, so it is what
// generate writes for these values.
func (m *Model) canCopy() bool {
	d := m.previewDoc()
	return d != nil && !hasPlaceholder(d.Policy)
}

func hasPlaceholder(d *policy.Document) bool {
	return strings.Contains(string(d.Compact()), "<")
}

// firstPlaceholder names the document's first <placeholder>, for the
// message that refuses to copy it.
func firstPlaceholder(d *policy.Document) string {
	s := string(d.Compact())
	i := strings.Index(s, "<")
	if i < 0 {
		return ""
	}
	j := strings.Index(s[i:], ">")
	if j < 0 {
		return s[i:]
	}
	return s[i : i+j+1]
}

// previewLines renders the previewed document for a pane width: highlighted,
// wrapped, with the statements the focused field shapes marked in the
// gutter (a bar that also shows under NO_COLOR).
func (m *Model) previewLines(width int) ([]string, []bool) {
	d := m.previewDoc()
	if d == nil {
		return nil, nil
	}
	field := m.markField()
	data, spans := d.Policy.JSONLines()
	c := &m.cache
	if c.lines != nil && c.width == width && c.field == field && c.docJSON == string(data) {
		return c.lines, c.marked
	}
	markLine := map[int]bool{}
	for i := range d.Policy.Statement {
		if field != "" && m.marks(&d.Policy.Statement[i], field) {
			for l := spans[i].First; l <= spans[i].Last; l++ {
				markLine[l] = true
			}
		}
	}
	text := strings.TrimSuffix(string(data), "\n")
	var lines []string
	var marked []bool
	inner := max(width-2, 10)
	for i, line := range strings.Split(text, "\n") {
		gutter := "  "
		if markLine[i] {
			gutter = m.st.gutter.Render("▌ ")
		}
		if len(line) <= inner {
			lines = append(lines, gutter+m.st.highlightJSONLine(line))
			marked = append(marked, markLine[i])
			continue
		}
		// A long line is a long string value (an ARN): wrap it at a
		// natural break (after / : , or -) and indent the rest under it.
		indent := min(len(line)-len(strings.TrimLeft(line, " "))+4, inner/2)
		chunks := wrapAt(line, inner, inner-indent)
		lines = append(lines, gutter+m.st.highlightJSONLine(chunks[0]))
		marked = append(marked, markLine[i])
		for _, ch := range chunks[1:] {
			var b strings.Builder
			m.st.stringWithPlaceholders(&b, ch)
			lines = append(lines, gutter+strings.Repeat(" ", indent)+b.String())
			marked = append(marked, markLine[i])
		}
	}
	*c = cache{draft: c.draft, docJSON: string(data), field: field, width: width, lines: lines, marked: marked}
	return lines, marked
}

// wrapAt splits a line of plain ASCII JSON into chunks of at most first
// bytes, then rest bytes, breaking after a / : , or - in the second half of
// a chunk when there is one, so that ARNs and placeholders stay readable;
// else after a space (a Sid's line: "Sid": then the Sid), else between
// the words of a CamelCase name (a Sid), and only then anywhere.
func wrapAt(line string, first, rest int) []string {
	var out []string
	w := first
	for len(line) > w {
		cut := w
	search:
		for _, breaks := range []string{"/:,", "-.", " "} {
			for j := w; j > w/2; j-- {
				if strings.IndexByte(breaks, line[j-1]) >= 0 {
					cut = j
					break search
				}
			}
		}
		if cut == w {
			for j := w - 1; j > w/2; j-- {
				if isLower(line[j-1]) && isUpper(line[j]) {
					cut = j
					break
				}
			}
		}
		out = append(out, line[:cut])
		line = line[cut:]
		w = rest
	}
	return append(out, line)
}

// clampAll keeps the scroll position inside what the current tab or
// preview shows, after a resize.
func (m *Model) clampAll() {
	if lines := m.reviewLines(); m.onReview() && lines != nil {
		m.clampScroll(len(lines), m.bodyHeight()-2)
		return
	}
	m.scrollToMark()
}

// scrollToMark scrolls the preview so that the first marked statement is
// in view, unless it already is.
func (m *Model) scrollToMark() {
	lines, marked := m.previewLines(m.previewWidth())
	h := m.previewHeight()
	first := -1
	for i, mk := range marked {
		if mk {
			first = i
			break
		}
	}
	if first < 0 {
		m.clampScroll(len(lines), h)
		return
	}
	if first < m.scroll || first >= m.scroll+h {
		m.scroll = max(first-1, 0)
	}
	m.clampScroll(len(lines), h)
}

func (m *Model) clampScroll(n, h int) {
	if m.scroll > n-h {
		m.scroll = n - h
	}
	if m.scroll < 0 {
		m.scroll = 0
	}
}

func (m *Model) scrollBy(delta int) {
	if lines := m.reviewLines(); m.onReview() && lines != nil {
		m.scroll += delta
		m.clampScroll(len(lines), m.bodyHeight()-2)
		return
	}
	lines, _ := m.previewLines(m.previewWidth())
	m.scroll += delta
	m.clampScroll(len(lines), m.previewHeight())
}

func (m *Model) previewOverflows() bool {
	lines, _ := m.previewLines(m.previewWidth())
	return len(lines) > m.previewHeight()
}

func isLower(b byte) bool { return b >= 'a' && b <= 'z' }
func isUpper(b byte) bool { return b >= 'A' && b <= 'Z' }
