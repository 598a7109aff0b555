// Package migrations holds soudan's versioned schema, one folder of goose SQL
// files per dialect (mysql/ and sqlite/), embedded in the binary. Both folders
// must describe the same tables, columns and indexes; a test proves it.
package migrations

import "embed"

// FS holds mysql/*.sql and sqlite/*.sql.
//
//go:embed mysql/*.sql sqlite/*.sql
var FS embed.FS
