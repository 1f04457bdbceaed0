package tui

import (
	"charm.land/lipgloss/v2"
)

// styles are the wizard's Lip Gloss styles. With NO_COLOR they keep only
// attributes (bold, faint, reverse), so the focused statement and the
// current step still stand out without colour.
type styles struct {
	title, step, stepDone, stepNow, why, source  lipgloss.Style
	label, labelFocus, value, help, errText      lipgloss.Style
	note, option, optionOn, status, statusErr    lipgloss.Style
	key, keyDesc, rule, gutter, tab, tabNow, dim lipgloss.Style
	jsonKey, jsonStr, jsonLit, jsonPunct, ph     lipgloss.Style
	mark                                         lipgloss.Style
	tok                                          tokenStyles
}

func newStyles(plain bool) styles {
	s := lipgloss.NewStyle
	st := styles{
		title: s().Bold(true), stepNow: s().Bold(true).Reverse(true), stepDone: s(), step: s().Faint(true),
		why: s(), source: s().Faint(true), label: s(), labelFocus: s().Bold(true), value: s(),
		help: s().Faint(true), errText: s().Bold(true), note: s(), option: s(), optionOn: s().Bold(true),
		status: s().Bold(true), statusErr: s().Bold(true), key: s().Bold(true), keyDesc: s().Faint(true),
		rule: s().Faint(true), gutter: s().Bold(true), tab: s().Faint(true), tabNow: s().Bold(true).Reverse(true),
		dim: s().Faint(true), jsonKey: s(), jsonStr: s(), jsonLit: s(), jsonPunct: s(), ph: s().Underline(true), mark: s().Bold(true),
	}
	if plain {
		st.compileTokens()
		return st
	}
	c := lipgloss.Color
	st.title = st.title.Foreground(c("12"))
	st.stepNow = s().Bold(true).Foreground(c("0")).Background(c("12"))
	st.stepDone = st.stepDone.Foreground(c("10"))
	st.labelFocus = st.labelFocus.Foreground(c("12"))
	st.errText = st.errText.Foreground(c("9"))
	st.note = st.note.Foreground(c("11"))
	st.optionOn = st.optionOn.Foreground(c("12"))
	st.status = st.status.Foreground(c("10"))
	st.statusErr = st.statusErr.Foreground(c("9"))
	st.gutter = st.gutter.Foreground(c("12"))
	st.tabNow = s().Bold(true).Foreground(c("0")).Background(c("12"))
	st.jsonKey = st.jsonKey.Foreground(c("12"))
	st.jsonStr = st.jsonStr.Foreground(c("10"))
	st.jsonLit = st.jsonLit.Foreground(c("13"))
	st.jsonPunct = st.jsonPunct.Faint(true)
	st.ph = s().Foreground(c("0")).Background(c("11"))
	st.mark = s().Background(c("236"))
	st.compileTokens()
	return st
}

func (st *styles) compileTokens() {
	st.tok = tokenStyles{key: compile(st.jsonKey), str: compile(st.jsonStr), lit: compile(st.jsonLit),
		punct: compile(st.jsonPunct), ph: compile(st.ph)}
}
