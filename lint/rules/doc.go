// Package rules gathers every analyzer and renders the rule documentation
// (docs/rules/<CODE>.md and the README list) from the analyzers' own
// declarations, so code and docs cannot drift.
package rules
