package main

// --retry: Argo's own retry (workflow/util.FormulateRetryWorkflow, what `argo retry` and Argo Server run) on workflows
// read from stdin, one JSON request per line: {"id", "workflow", "restartSuccessful", "nodeFieldSelector",
// "parameters": ["NAME=VALUE", ...]}. One JSON answer per line: {"id", "ok", "error", "workflow", "podsToDelete"}.
// Argo Doctor's retry (src/core/model/retryWorkflow.ts) is compared with it.

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sort"

	wfv1 "github.com/argoproj/argo-workflows/v4/pkg/apis/workflow/v1alpha1"
	"github.com/argoproj/argo-workflows/v4/workflow/util"
)

type retryRequest struct {
	ID                string          `json:"id"`
	Workflow          json.RawMessage `json:"workflow"`
	RestartSuccessful bool            `json:"restartSuccessful"`
	NodeFieldSelector string          `json:"nodeFieldSelector"`
	Parameters        []string        `json:"parameters"`
}

type retryAnswer struct {
	ID           string         `json:"id"`
	OK           bool           `json:"ok"`
	Error        string         `json:"error,omitempty"`
	Workflow     *wfv1.Workflow `json:"workflow,omitempty"`
	PodsToDelete []string       `json:"podsToDelete"`
}

func retryOne(ctx context.Context, req retryRequest) (ans retryAnswer) {
	ans.ID = req.ID
	ans.PodsToDelete = []string{}
	defer func() {
		if r := recover(); r != nil {
			ans.OK, ans.Error, ans.Workflow = false, fmt.Sprintf("panic: %v", r), nil
		}
	}()
	var wf wfv1.Workflow
	if err := json.Unmarshal(req.Workflow, &wf); err != nil {
		ans.Error = "decode: " + err.Error()
		return
	}
	var params []string
	if len(req.Parameters) > 0 {
		params = req.Parameters
	}
	newWf, pods, err := util.FormulateRetryWorkflow(ctx, &wf, req.RestartSuccessful, req.NodeFieldSelector, params)
	if err != nil {
		ans.Error = err.Error()
		return
	}
	sort.Strings(pods)
	ans.OK, ans.Workflow, ans.PodsToDelete = true, newWf, pods
	if ans.PodsToDelete == nil {
		ans.PodsToDelete = []string{}
	}
	return
}

func retryBatch(ctx context.Context, out *json.Encoder) error {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 64<<20), 64<<20)
	for in.Scan() {
		var req retryRequest
		if err := json.Unmarshal(in.Bytes(), &req); err != nil {
			return fmt.Errorf("bad request line: %v", err)
		}
		if err := out.Encode(retryOne(ctx, req)); err != nil {
			return err
		}
	}
	return in.Err()
}
