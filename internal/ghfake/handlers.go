package ghfake

import (
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"unicode/utf8"
)

// maxBody is GitHub's limit on comment bodies, in characters.
const maxBody = 65536

func unprocessable(w http.ResponseWriter, msg string) {
	writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"message": "Validation Failed",
		"errors":            []map[string]string{{"resource": "IssueComment", "code": "custom", "message": msg}},
		"documentation_url": "https://docs.github.com/rest"})
}

func (s *Server) listComments(w http.ResponseWriter, r *http.Request, _ []string) {
	paginate(w, r, s.Comments)
}

func (s *Server) createComment(w http.ResponseWriter, r *http.Request, _ []string) {
	var in struct{ Body string }
	if err := decode(r, &in); err != nil || in.Body == "" {
		unprocessable(w, "body is missing")
		return
	}
	if utf8.RuneCountInString(in.Body) > maxBody {
		unprocessable(w, "Body is too long (maximum is 65536 characters)")
		return
	}
	writeJSON(w, http.StatusCreated, s.addComment(s.Bot, in.Body))
}

func (s *Server) comment(w http.ResponseWriter, id string) (int, bool) {
	for i, c := range s.Comments {
		if strconv.FormatInt(c.ID, 10) == id {
			if c.User != s.Bot {
				// The action must never touch what someone else wrote.
				writeJSON(w, http.StatusForbidden, map[string]string{"message": "not the author of comment " + id})
				return 0, false
			}
			return i, true
		}
	}
	writeJSON(w, http.StatusNotFound, map[string]string{"message": "Not Found"})
	return 0, false
}

func (s *Server) editComment(w http.ResponseWriter, r *http.Request, args []string) {
	i, ok := s.comment(w, args[2])
	if !ok {
		return
	}
	var in struct{ Body string }
	if err := decode(r, &in); err != nil || in.Body == "" {
		unprocessable(w, "body is missing")
		return
	}
	if utf8.RuneCountInString(in.Body) > maxBody {
		unprocessable(w, "Body is too long (maximum is 65536 characters)")
		return
	}
	s.Comments[i].Body = in.Body
	writeJSON(w, http.StatusOK, s.Comments[i])
}

func (s *Server) deleteComment(w http.ResponseWriter, _ *http.Request, args []string) {
	i, ok := s.comment(w, args[2])
	if !ok {
		return
	}
	s.Comments = append(s.Comments[:i], s.Comments[i+1:]...)
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) listFiles(w http.ResponseWriter, r *http.Request, _ []string) {
	paginate(w, r, s.Files)
}

func (s *Server) listReviewComments(w http.ResponseWriter, r *http.Request, _ []string) {
	paginate(w, r, s.ReviewComments)
}

var hunkRE = regexp.MustCompile(`(?m)^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@`)

// inDiff: GitHub resolves a review comment only on lines of one hunk of the
// file's diff.
func (s *Server) inDiff(path string, start, end int) bool {
	for _, f := range s.Files {
		if f.Filename != path {
			continue
		}
		for _, m := range hunkRE.FindAllStringSubmatch(f.Patch, -1) {
			from, _ := strconv.Atoi(m[1])
			n := 1
			if m[2] != "" {
				n, _ = strconv.Atoi(m[2])
			}
			if start >= from && end <= from+n-1 {
				return true
			}
		}
	}
	return false
}

func (s *Server) createReview(w http.ResponseWriter, r *http.Request, _ []string) {
	var in struct {
		CommitID string `json:"commit_id"`
		Body     string
		Event    string
		Comments []struct {
			Path      string
			Line      int
			StartLine int    `json:"start_line"`
			Side      string `json:"side"`
			StartSide string `json:"start_side"`
			Position  int
			Body      string
		}
	}
	if err := decode(r, &in); err != nil {
		unprocessable(w, err.Error())
		return
	}
	if in.Event != "COMMENT" || in.Body == "" {
		unprocessable(w, "a COMMENT review needs a body")
		return
	}
	for _, c := range in.Comments {
		start := c.StartLine
		if s.RejectReviews {
			start = -1
		}
		if start == 0 {
			start = c.Line
		}
		if c.Position != 0 || c.Side != "RIGHT" || (c.StartLine != 0 && c.StartSide != "RIGHT") || start > c.Line || start < 1 ||
			!s.inDiff(c.Path, start, c.Line) {
			writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"message": "Unprocessable Entity",
				"errors": []string{fmt.Sprintf("Line could not be resolved: %s:%d-%d", c.Path, start, c.Line)}})
			return
		}
	}
	s.nextID++
	rv := &Review{ID: s.nextID, Body: in.Body, Event: in.Event, CommitID: in.CommitID,
		HTMLURL: fmt.Sprintf("https://github.com/acme/shop/pull/7#pullrequestreview-%d", s.nextID)}
	s.Reviews = append(s.Reviews, rv)
	for _, c := range in.Comments {
		s.nextID++
		s.ReviewComments = append(s.ReviewComments, &ReviewComment{ID: s.nextID, ReviewID: rv.ID, Path: c.Path,
			Line: c.Line, StartLine: c.StartLine, Side: c.Side, Body: c.Body, User: s.Bot})
	}
	writeJSON(w, http.StatusOK, rv)
}

type checkRunRequest struct {
	Name       string
	HeadSHA    string `json:"head_sha"`
	Status     string
	Conclusion string
	Output     *struct {
		Title, Summary string
		Annotations    []map[string]any
	}
}

func (s *Server) checkRunInput(w http.ResponseWriter, r *http.Request) (checkRunRequest, bool) {
	var in checkRunRequest
	if err := decode(r, &in); err != nil || in.Name == "" {
		unprocessable(w, "name is missing")
		return in, false
	}
	if in.Output != nil && len(in.Output.Annotations) > 50 {
		unprocessable(w, "more than 50 annotations in one request")
		return in, false
	}
	if in.Status == "completed" && in.Conclusion == "" {
		unprocessable(w, "conclusion is required for a completed check run")
		return in, false
	}
	return in, true
}

func (s *Server) createCheckRun(w http.ResponseWriter, r *http.Request, _ []string) {
	in, ok := s.checkRunInput(w, r)
	if !ok {
		return
	}
	s.nextID++
	cr := &CheckRun{ID: s.nextID, Name: in.Name, HeadSHA: in.HeadSHA, Status: in.Status, Conclusion: in.Conclusion,
		HTMLURL: fmt.Sprintf("https://github.com/acme/shop/runs/%d", s.nextID)}
	if in.Output != nil {
		cr.Title, cr.Annotations = in.Output.Title, in.Output.Annotations
	}
	s.CheckRuns = append(s.CheckRuns, cr)
	writeJSON(w, http.StatusCreated, cr)
}

func (s *Server) updateCheckRun(w http.ResponseWriter, r *http.Request, args []string) {
	in, ok := s.checkRunInput(w, r)
	if !ok {
		return
	}
	for _, cr := range s.CheckRuns {
		if strconv.FormatInt(cr.ID, 10) == args[2] {
			if in.Status != "" {
				cr.Status, cr.Conclusion = in.Status, in.Conclusion
			}
			if in.Output != nil {
				cr.Annotations = append(cr.Annotations, in.Output.Annotations...)
			}
			writeJSON(w, http.StatusOK, cr)
			return
		}
	}
	writeJSON(w, http.StatusNotFound, map[string]string{"message": "Not Found"})
}
