// Package devdb replays migrations on a throwaway database of a dev server
// and observes what the server does: the touched tables as its catalog
// describes them, the locks each statement took and the relations it
// rewrote (PostgreSQL), the cheapest ALTER algorithm the server accepts
// (MySQL, MariaDB), and the server's own error when a statement fails. It
// talks to the server and decides nothing: the lint engine reads its
// observed.Statement values.
//
//	s, err := devdb.Open(ctx, url, devdb.Options{Logf: logf}) // scratch database created
//	defer s.Close()                                           // and dropped, also after errors
//	for _, f := range history {
//		err := s.Replay(ctx, f) // *ReplayError: the history is broken (exit 2)
//	}
//	obs, err := s.Run(ctx, newFile, touched) // one observation per statement
//
// Every session works in its own database, schemaguard_dev_<unix
// seconds>_<random>, and never outside it; see docs/dev-database.md for
// the transaction handling, what is observed, the privileges needed and
// the limits.
package devdb
