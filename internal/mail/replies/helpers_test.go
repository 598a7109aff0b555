package replies_test

import "github.com/emersion/go-imap/v2"

func imapSeq(n uint32) imap.SeqSet { return imap.SeqSetNum(n) }

func seenFlag() *imap.StoreFlags {
	return &imap.StoreFlags{Op: imap.StoreFlagsAdd, Silent: true, Flags: []imap.Flag{imap.FlagSeen}}
}
