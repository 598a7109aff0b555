package model

// Node is the GraphQL interface of objects with an id. Some object types are
// bound straight to domain types, which know nothing of GraphQL, so the Go
// side asks for no methods; gqlgen dispatches on the concrete type.
type Node any
