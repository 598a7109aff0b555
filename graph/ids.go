package graph

import (
	"context"
	"fmt"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"soudan/graph/scalar"
	"soudan/internal/apperr"
)

// strictID reads an object id in its one canonical form: ASCII digits, no
// sign, no leading zero, greater than zero and within int64. "01", "+1",
// " 1", "１" and "0" are not ids.
func strictID(s string) (int64, bool) {
	n, err := scalar.UnmarshalInt64ID(s)
	return n, err == nil
}

// parseID reads an id that CheckIDArguments has already accepted; anything
// else (which cannot reach a resolver) becomes 0, an id that matches nothing.
func parseID(id string) int64 {
	n, _ := strictID(id)
	return n
}

func malformedID(field string) error {
	return apperr.Invalid(field, "IDの形式が正しくありません。", "malformed id")
}

// CheckIDArguments is a field interceptor that checks every ID the caller
// passes, as an argument, inside an input object or in a list, before any
// resolver reads it: an id that is not in its canonical form is a
// VALIDATION error naming the argument ("id", "input.jobSeekerId"), never
// "not found", and nothing runs.
func CheckIDArguments(schema *ast.Schema) graphql.FieldMiddleware {
	return func(ctx context.Context, next graphql.Resolver) (any, error) {
		fc := graphql.GetFieldContext(ctx)
		if fc == nil || fc.Field.Field == nil || len(fc.Field.Arguments) == 0 || fc.Field.Definition == nil {
			return next(ctx)
		}
		var vars map[string]any
		if oc := graphql.GetOperationContext(ctx); oc != nil {
			vars = oc.Variables
		}
		values := fc.Field.ArgumentMap(vars)
		for _, arg := range fc.Field.Definition.Arguments {
			if field := badID(schema, arg.Type, values[arg.Name], arg.Name, 0); field != "" {
				return nil, malformedID(field)
			}
		}
		return next(ctx)
	}
}

// badID returns the path of the first malformed id in v, a value of type t,
// or "" when there is none.
func badID(schema *ast.Schema, t *ast.Type, v any, path string, depth int) string {
	if v == nil || t == nil || depth > 10 {
		return ""
	}
	if t.Elem != nil {
		list, ok := v.([]any)
		if !ok { // a single value stands for a list of one
			return badID(schema, t.Elem, v, path, depth+1)
		}
		for _, e := range list {
			if f := badID(schema, t.Elem, e, path, depth+1); f != "" {
				return f
			}
		}
		return ""
	}
	if t.NamedType == "ID" {
		var s string
		switch x := v.(type) {
		case string:
			s = x
		default:
			s = fmt.Sprint(x)
		}
		if _, ok := strictID(s); !ok {
			return path
		}
		return ""
	}
	def := schema.Types[t.NamedType]
	if def == nil || def.Kind != ast.InputObject {
		return ""
	}
	m, ok := v.(map[string]any)
	if !ok {
		return ""
	}
	for _, f := range def.Fields {
		if p := badID(schema, f.Type, m[f.Name], path+"."+f.Name, depth+1); p != "" {
			return p
		}
	}
	return ""
}
