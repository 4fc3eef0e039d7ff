package lint

import (
	"runtime"

	"github.com/schemaguard/schemaguard/dialect"
	"github.com/schemaguard/schemaguard/migrate"
)

// parsed is one statement's parse result.
type parsed struct {
	st  *dialect.Statement
	err error
}

// ahead parses the files' statements on all cores, at most a window of
// files ahead of the consumer, and hands the results back in file order:
// parsing dominates static lint, while folding and linting must stay
// sequential. History files are parsed for the model only.
type ahead struct {
	out    []chan []parsed
	window chan struct{} // a slot per file parsed but not yet consumed
}

// file returns file i's results; files must be taken in order, each once.
func (a *ahead) file(i int) []parsed {
	res := <-a.out[i]
	<-a.window
	return res
}

func parseAhead(p dialect.Parser, files []*migrate.File, selected []bool) *ahead {
	workers := runtime.GOMAXPROCS(0)
	out := make([]chan []parsed, len(files))
	for i := range out {
		out[i] = make(chan []parsed, 1)
	}
	window := make(chan struct{}, 4*workers)
	jobs := make(chan int)
	for w := 0; w < workers; w++ {
		go func() {
			for i := range jobs {
				out[i] <- parseFile(p, files[i], selected[i])
			}
		}()
	}
	go func() {
		for i := range files {
			window <- struct{}{}
			jobs <- i
		}
		close(jobs)
	}()
	return &ahead{out: out, window: window}
}

// parseFile parses a file's statements: a linted file fully, for the rules;
// a history file for the model only (see dialect.Parser.ParseModel).
func parseFile(p dialect.Parser, f *migrate.File, linted bool) []parsed {
	parse := p.ParseModel
	if linted {
		parse = p.Parse
	}
	res := make([]parsed, len(f.Statements))
	for i := range f.Statements {
		st, err := parse(f.Statements[i].Text)
		res[i] = parsed{st, err}
	}
	return res
}
