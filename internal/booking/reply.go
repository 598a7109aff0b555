package booking

import (
	"context"
	"errors"
	netmail "net/mail"
	"strings"
	"time"

	"soudan/internal/apperr"
	"soudan/internal/auth"
	"soudan/internal/mail"
)

// ReplyMail is a mail that arrived in the office's mailbox, as the reply
// reader saw it. It holds personal data (From): never log it.
type ReplyMail struct {
	// References are the Message-IDs ("<id@domain>") the mail answers: its
	// In-Reply-To first, then its References.
	References []string
	// From is the sender's address.
	From string
	// ReceivedAt is when the office's mail server received it (IMAP
	// INTERNALDATE); zero or in the future means now.
	ReceivedAt time.Time
	// Automatic marks a mail no person wrote: an auto-reply or a delivery
	// report (RFC 3834 Auto-Submitted, multipart/report). It is never
	// consent.
	Automatic bool
}

// ReplyOutcome is what ConfirmByReply did with a reply.
type ReplyOutcome string

// The outcomes. Every outcome but ReplyUnmatched means the reply is done
// with: the reader files it away.
const (
	// ReplyConfirmed: the application was confirmed, consent recorded with
	// channel EMAIL_REPLY.
	ReplyConfirmed ReplyOutcome = "confirmed"
	// ReplyLate: the reply came after the deadline (or the application had
	// expired); nothing was confirmed and the job seeker is mailed why,
	// once per application.
	ReplyLate ReplyOutcome = "late"
	// ReplyAlreadyConfirmed: the application was confirmed before (by the
	// link, by staff or by an earlier reply).
	ReplyAlreadyConfirmed ReplyOutcome = "already_confirmed"
	// ReplyUnmatched: the reply confirms nothing and is left for staff.
	ReplyUnmatched ReplyOutcome = "unmatched"
)

// ReplyResult is the outcome of one reply, with ids only (safe to log).
type ReplyResult struct {
	Outcome       ReplyOutcome
	ReservationID int64
	// Reason says why a reply is unmatched ("no_application",
	// "other_sender", "automatic", "cancelled").
	Reason string
}

// maxReplyReferences bounds the Message-IDs of one reply that are looked
// up (a long thread's References).
const maxReplyReferences = 20

// ConfirmByReply confirms the application a reply mail answers (Art 6(3):
// replying to the application's mail is agreeing to the terms and
// confirms the reservation). The reply must name the application mail's
// Message-ID in In-Reply-To or References, come from the address that mail
// was sent to, and be written by a person. A reply that arrived after the
// deadline confirms nothing and the job seeker is mailed why (Art 6(4)).
// Anything else is ReplyUnmatched: left for staff. Safe to call again for
// the same mail (a reader that crashed before filing it away).
func (s *Service) ConfirmByReply(ctx context.Context, m ReplyMail) (ReplyResult, error) {
	res, mailedTo, err := s.applicationRepliedTo(ctx, m.References)
	if errors.Is(err, apperr.ErrNotFound) {
		return ReplyResult{Outcome: ReplyUnmatched, Reason: "no_application"}, nil
	}
	if err != nil {
		return ReplyResult{}, err
	}
	out := ReplyResult{ReservationID: res.ID, Outcome: ReplyUnmatched}
	if !sameAddress(m.From, mailedTo) {
		out.Reason = "other_sender"
		return out, nil
	}
	if m.Automatic {
		out.Reason = "automatic"
		return out, nil
	}
	for range 3 { // a concurrent change (link, staff, expiry): look again
		r, err := s.rules(ctx)
		if err != nil {
			return ReplyResult{}, err
		}
		repliedAt := m.ReceivedAt
		if repliedAt.IsZero() || repliedAt.After(r.Now) {
			repliedAt = r.Now
		}
		switch {
		case res.Status == AwaitingReply && !repliedAt.After(res.ConfirmBy):
			_, err := s.confirm(ctx, res, 0, EmailReply, repliedAt)
			if err == nil {
				out.Outcome = ReplyConfirmed
				return out, nil
			}
			if !errors.Is(err, apperr.ErrConflict) {
				return ReplyResult{}, err
			}
		case res.Status == AwaitingReply || res.Status == Expired:
			if err := s.answerLateReply(ctx, r, res, mailedTo); err != nil {
				return ReplyResult{}, err
			}
			out.Outcome = ReplyLate
			return out, nil
		case res.Status == Cancelled || res.Status == Terminated:
			out.Reason = "cancelled"
			return out, nil
		default: // confirmed, and maybe held since
			out.Outcome = ReplyAlreadyConfirmed
			return out, nil
		}
		if res, err = s.Store.Reservation(ctx, res.ID); err != nil {
			return ReplyResult{}, err
		}
	}
	return ReplyResult{}, apperr.New(apperr.Conflict, "ご予約が同時に変更されています。", "the application kept changing")
}

// applicationRepliedTo finds the application whose mail one of refs names.
func (s *Service) applicationRepliedTo(ctx context.Context, refs []string) (Reservation, string, error) {
	seen := map[string]bool{}
	for _, id := range refs {
		id = strings.TrimSpace(id)
		if id == "" || len(id) > 255 || seen[id] {
			continue
		}
		if seen[id] = true; len(seen) > maxReplyReferences {
			break
		}
		res, to, err := s.Store.ReservationByReplyTo(ctx, id)
		if errors.Is(err, apperr.ErrNotFound) {
			continue
		}
		return res, to, err
	}
	return Reservation{}, "", apperr.ErrNotFound
}

// answerLateReply mails the job seeker, once per application, that the
// reply came too late to confirm it.
func (s *Service) answerLateReply(ctx context.Context, r Rules, res Reservation, to string) error {
	mo := mailOffice(r)
	queued, err := s.Store.MarkLateReply(ctx, res.ID, r.Now, func(c Reservation) (mail.Outgoing, error) {
		data := s.reservationMail(mo, c)
		data.ConfirmBy = c.ConfirmBy
		return s.compose(c.JobSeekerID, to, mail.TemplateReplyTooLate, data)
	})
	if err != nil {
		return err
	}
	if queued {
		s.mailQueued()
	}
	s.Log.InfoContext(ctx, "late reply refused", "reservation", res.ID, "status", string(res.Status), "answered", queued)
	return nil
}

// sameAddress compares two addresses (a display name and case aside).
func sameAddress(a, b string) bool {
	pa, err := netmail.ParseAddress(a)
	if err != nil {
		return false
	}
	pb, err := netmail.ParseAddress(b)
	if err != nil {
		return false
	}
	return strings.EqualFold(pa.Address, pb.Address)
}

// UnmatchedReplies returns (staff) how many mails the last read of the
// office's mailbox left unread for staff; 0 when replies are not read.
func (s *Service) UnmatchedReplies(ctx context.Context) (int, error) {
	if _, err := auth.RequireStaff(ctx); err != nil {
		return 0, err
	}
	if s.RepliesLeft == nil {
		return 0, nil
	}
	return s.RepliesLeft(ctx)
}
