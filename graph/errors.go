package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"runtime/debug"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"soudan/internal/apperr"
)

// internalError is what a client sees for any error that is not an
// *apperr.Error: no detail, which stays in the server log.
var internalError = apperr.New(apperr.Internal,
	"システムで問題が発生しました。時間をおいてもう一度お試しください。",
	"something went wrong on our side; please try again later")

// ErrorPresenter returns the presenter that maps every error to a
// *gqlerror.Error carrying extensions.code (and extensions.field for
// validation errors) and a Japanese message with an English alternative.
// Errors that are not *apperr.Error are logged and replaced by INTERNAL.
func ErrorPresenter(log *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gqlErr := &gqlerror.Error{}
		var ge *gqlerror.Error
		if errors.As(err, &ge) {
			gqlErr.Path, gqlErr.Locations = ge.Path, ge.Locations
		} else if fc := graphql.GetFieldContext(ctx); fc != nil {
			gqlErr.Path = fc.Path()
		}

		if ae, ok := apperr.As(err); ok {
			return present(gqlErr, ae)
		}
		if ge != nil && ge.Err == nil {
			// Parser and validation errors of the request itself: their
			// messages describe the query, not the server.
			code := apperr.Validation
			if c, ok := ge.Extensions["code"].(string); ok && (c == string(apperr.QueryTooComplex) || c == string(apperr.Validation)) {
				code = apperr.Code(c)
			}
			if strings.HasPrefix(ge.Message, "exceeded token limit") {
				code = apperr.QueryTooComplex
			}
			gqlErr.Message = ge.Message
			gqlErr.Extensions = map[string]any{"code": string(code), "en": ge.Message}
			if en, ok := ge.Extensions["en"].(string); ok {
				gqlErr.Extensions["en"] = en
			}
			if f, ok := ge.Extensions["field"].(string); ok {
				gqlErr.Extensions["field"] = f
			}
			if ge.Rule != "" {
				gqlErr.Extensions["rule"] = ge.Rule
			}
			return gqlErr
		}
		if errors.Is(err, context.DeadlineExceeded) {
			return present(gqlErr, apperr.New(apperr.Unavailable,
				"処理に時間がかかりすぎたため中断しました。しばらくしてからもう一度お試しください。",
				"the operation took too long and was stopped; please try again shortly"))
		}
		log.ErrorContext(ctx, "internal error", "path", gqlErr.Path.String(), "err", err)
		return present(gqlErr, internalError)
	}
}

func present(gqlErr *gqlerror.Error, ae *apperr.Error) *gqlerror.Error {
	gqlErr.Message = ae.Message
	gqlErr.Extensions = map[string]any{"code": string(ae.Code), "en": ae.En}
	field := ae.Field
	if field == "" && ae.Code == apperr.Validation {
		field = argumentPath(gqlErr.Path)
	}
	if field != "" {
		gqlErr.Extensions["field"] = field
	}
	if ae.RetryAfter > 0 {
		gqlErr.Extensions["retryAfter"] = int(math.Ceil(ae.RetryAfter.Seconds()))
	}
	return gqlErr
}

// argumentPath names the argument a scalar failed to read from the error's
// path: ["calendar", "from"] → "from", ["signUp", "input", "email"] →
// "input.email". It returns "" for a path that names a field only.
func argumentPath(p ast.Path) string {
	var names []string
	for i, el := range p {
		if name, ok := el.(ast.PathName); ok && i > 0 {
			names = append(names, string(name))
		}
	}
	return strings.Join(names, ".")
}

// RecoverFunc turns a panic in a resolver into INTERNAL for that operation,
// logging the stack; the server keeps serving.
func RecoverFunc(log *slog.Logger) graphql.RecoverFunc {
	return func(ctx context.Context, p any) error {
		log.ErrorContext(ctx, "panic in resolver", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
		return internalError
	}
}
