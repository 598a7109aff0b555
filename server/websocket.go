package main

import (
	"github.com/coder/websocket"
)

// wsAcceptOptions allows websocket connections from the configured origins;
// same-origin connections are always allowed.
func wsAcceptOptions(origins []string) websocket.AcceptOptions {
	return websocket.AcceptOptions{
		Subprotocols:   []string{"graphql-transport-ws"},
		OriginPatterns: origins,
	}
}
