// Package tui is the wizard's Bubble Tea model: an editor for
// wizard.Answers with a live preview of the documents, a review screen,
// and the keymaps and help bar that go with each state.
//
// The model does no IO of its own: no files, no environment, no clipboard
// library. Saving, looking for existing files, the system clipboard and
// lint findings are functions in Options that the launcher (package
// ui/cli) hands in; the model calls them inside tea.Cmds and handles their
// results (checkedMsg, savedMsg, copiedMsg) in Update. The resume offer
// arrives as data, and the outcome leaves as Result.
//
// Keys (keys.go): one keymap of key.Bindings per state; Update matches
// only them, and the help bar is drawn from the same keymap's ShortHelp.
//
// tui may import wizard, wizard/format and policy's types (not its
// analysis: lint arrives through Options.Lint), and Charm. Nothing outside
// ui/ imports Charm.
package tui
