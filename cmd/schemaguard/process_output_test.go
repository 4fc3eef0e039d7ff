package main

import (
	"bytes"
	"sync"
)

// processOutput collects a child process's output while a test reads it:
// exec copies the pipes on its own goroutines, so the buffer needs a lock.
type processOutput struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (o *processOutput) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.Write(p)
}

func (o *processOutput) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.String()
}
