package report

import (
	"encoding/json"
	"io"

	"github.com/schemaguard/schemaguard/lint"
)

// JSON writes the result as the documented JSON document (README, "JSON output").
func JSON(w io.Writer, res *lint.Result, _ Options) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(res)
}
