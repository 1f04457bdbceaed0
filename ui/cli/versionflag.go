package cli

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"

	"github.com/permwiz/permwiz/assets"
	"github.com/permwiz/permwiz/wizard"
)

// Stamp is what a release build sets in package main with -ldflags
// (-X main.version=... -X main.commit=... -X main.date=...). Empty fields
// are read from the binary's build information instead.
type Stamp struct {
	Commit string
	Date   string
}

// Build is the version permwiz reports: from the release's -ldflags, else
// from debug.ReadBuildInfo (the module version `go install ...@v1.2.3`
// records, and the VCS revision and time a build from a clone records).
type Build struct {
	Version string // v1.2.3, or "dev" for a build from a clone without tags
	Commit  string // the revision, "-dirty" when the tree had changes
	Date    string // the commit's time (releases: the commit date too)
	Go      string
}

// resolveBuild fills in what the stamp leaves empty from info.
func resolveBuild(version string, s Stamp, info *debug.BuildInfo) Build {
	b := Build{Version: version, Commit: s.Commit, Date: s.Date, Go: runtime.Version()}
	if info != nil {
		if (b.Version == "" || b.Version == "dev") && info.Main.Version != "" && info.Main.Version != "(devel)" {
			b.Version = info.Main.Version
		}
		var rev string
		var modified bool
		for _, kv := range info.Settings {
			switch kv.Key {
			case "vcs.revision":
				rev = kv.Value
				if b.Commit == "" {
					b.Commit = kv.Value
				}
			case "vcs.time":
				if b.Date == "" {
					b.Date = kv.Value
				}
			case "vcs.modified":
				modified = kv.Value == "true"
			}
		}
		if modified && b.Commit != "" && b.Commit == rev {
			b.Commit += "-dirty"
		}
	}
	if b.Version == "" {
		b.Version = "dev"
	}
	return b
}

// currentBuild is the running binary's Build.
func currentBuild(version string, s Stamp) Build {
	info, _ := debug.ReadBuildInfo()
	return resolveBuild(version, s, info)
}

// String is the first line of the version output:
// "permwiz v1.2.3 (commit 0a1b2c3d4e5f, 2026-11-29T06:00:00Z; go1.26.8 linux/amd64)".
func (b Build) String() string {
	var parts []string
	if b.Commit != "" {
		c := b.Commit
		if len(c) > 12 && !strings.HasSuffix(c, "-dirty") {
			c = c[:12]
		} else if rev, ok := strings.CutSuffix(c, "-dirty"); ok && len(rev) > 12 {
			c = rev[:12] + "-dirty"
		}
		parts = append(parts, "commit "+c)
	}
	if b.Date != "" {
		parts = append(parts, b.Date)
	}
	where := b.Go + " " + runtime.GOOS + "/" + runtime.GOARCH
	if len(parts) > 0 {
		return fmt.Sprintf("permwiz %s (%s; %s)", b.Version, strings.Join(parts, ", "), where)
	}
	return fmt.Sprintf("permwiz %s (%s)", b.Version, where)
}

// writeVersion prints the version line and where permwiz's AWS data comes
// from and how old it is: `permwiz version`, `--version` and `-v` all print it.
func writeVersion(w io.Writer, b Build) error {
	var sb strings.Builder
	sb.WriteString(b.String() + "\n")
	for _, p := range assets.CatalogSource().Packages {
		sb.WriteString(p.String() + "\n")
	}
	sb.WriteString("personalize regions: " + wizard.PersonalizeRegionsSource + "\n")
	sb.WriteString("policy rules: from the AWS documentation pages cited in each statement's Source (Personalize, KMS, S3, Kinesis)\n")
	_, err := io.WriteString(w, sb.String())
	return err
}

// addVersionFlag gives the root command --version and -v, printing what
// `permwiz version` prints.
func addVersionFlag(root *cobra.Command, b Build) {
	root.Version = b.Version
	var sb strings.Builder
	_ = writeVersion(&sb, b)
	// cobra renders the version through a template: the text is fixed, so
	// any braces in it are quoted as template literals.
	root.SetVersionTemplate(strings.ReplaceAll(sb.String(), "{{", `{{"{{"}}`))
	root.Flags().BoolP("version", "v", false, "print permwiz's version, commit and build date, and the date of its AWS data")
}
