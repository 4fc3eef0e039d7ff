package linttest

import "github.com/schemaguard/schemaguard/lint"

// Spec is a rule's identity as the rule catalog (RULES.md) specifies it.
type Spec struct {
	Name     string
	Severity lint.Severity
}

// Catalog is the rule catalog, written out by hand so that a rule whose
// name or default severity drifts from the specification fails its own
// cases, not only the generated docs.
var Catalog = map[string]Spec{
	"DS101": {"drop-schema", lint.Error},
	"DS102": {"drop-table", lint.Error},
	"DS103": {"drop-column", lint.Error},
	"DS104": {"truncate-table", lint.Error},
	"MF101": {"unique-index-existing-data", lint.Warning},
	"MF102": {"index-made-unique", lint.Warning},
	"MF103": {"not-null-without-default", lint.Warning},
	"MF104": {"nullable-to-not-null", lint.Warning},
	"MF105": {"narrowing-type-change", lint.Warning},
	"MY101": {"mysql-implicit-backfill", lint.Warning},
	"BC101": {"rename-table", lint.Warning},
	"BC102": {"rename-column", lint.Warning},
	"CD101": {"drop-foreign-key", lint.Warning},
	"PG101": {"index-not-concurrent", lint.Warning},
	"PG102": {"drop-index-not-concurrent", lint.Warning},
	"PG103": {"concurrent-in-transaction", lint.Error},
	"PG104": {"add-primary-key-locks", lint.Warning},
	"PG105": {"add-unique-constraint-locks", lint.Warning},
	"PG301": {"type-change-rewrite", lint.Warning},
	"PG302": {"volatile-default-rewrite", lint.Warning},
	"PG303": {"set-not-null-scan", lint.Warning},
	"PG304": {"primary-key-nullable", lint.Warning},
	"PG305": {"check-not-valid", lint.Warning},
	"PG306": {"foreign-key-not-valid", lint.Warning},
	"PG307": {"missing-lock-timeout", lint.Warning},
	"PG308": {"exclusive-maintenance", lint.Warning},
	"PG309": {"add-serial-rewrite", lint.Warning},
	"PG310": {"enum-value-in-transaction", lint.Warning},
	"MY110": {"mysql-table-copy", lint.Warning},
	"MY111": {"mysql-blocks-writes", lint.Warning},
	"MY112": {"enum-set-reorder", lint.Warning},
	"IN101": {"checksum-mismatch", lint.Error},
	"IN102": {"applied-file-edited", lint.Error},
	"IN103": {"applied-file-removed", lint.Error},
	"IN104": {"out-of-order", lint.Error},
	"IN105": {"duplicate-version", lint.Error},
	"SY101": {"syntax-error", lint.Error},
	"RP101": {"replay-failed", lint.Error},
}
