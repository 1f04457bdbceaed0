// Package cli is permwiz's command layer: the cobra commands (NewRootCmd:
// the wizard launcher, generate, merge, check, lint, version), their flags
// and exit codes, and everything that touches the world for them: the
// IOStreams (standard streams, terminal detection, the controlling
// terminal, the environment, the system clipboard), atomic file writing,
// OSC 52, reading policy files, and keeping the wizard's answers between
// sessions.
//
// Each command has an Options struct with an *IOStreams, a Validate method
// for the flag checks its RunE runs, and a Run function tests call
// directly. The launcher (RunWizard) hands package tui the functions that
// save, look for existing files, copy and lint, and the resume offer as
// data; --accessible's line-by-line prompts (huh) run here, as they read
// and write the streams themselves.
//
// cli may import ui/tui, wizard, wizard/format, policy and assets, and
// Charm, cobra and the system libraries. Only main imports cli.
package cli
