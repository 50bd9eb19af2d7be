// Command argo-doctor-oracle runs Argo's own validation on manifest files, as `argo lint --offline` does, and prints
// one JSON verdict per YAML document. Argo Doctor's tests compare these verdicts with its linter (issue #15).
//
// What it replicates (argo-workflows v4.0.5, cmd/argo/lint and pkg/apiclient/offline-client.go):
//   - documents are split and decoded by workflow/common.ParseObjects with strict=true (argo lint's default
//     --strict): unknown fields and wrong types are errors, reported before any validation;
//   - WorkflowTemplates and ClusterWorkflowTemplates of every given file are indexed (non-strict, as the offline
//     client does) and resolve templateRef / workflowTemplateRef; the namespace is the object's own or "" (offline);
//   - each Workflow, WorkflowTemplate, ClusterWorkflowTemplate and CronWorkflow goes through
//     validate.ValidateWorkflow / ValidateWorkflowTemplate / ValidateClusterWorkflowTemplate / ValidateCronWorkflow
//     with ValidateOpts{Lint: true} and no workflow defaults, and the error through grpcutil.TranslateError, as the
//     offline service clients do.
//
// Where argo lint would stop the whole run (a duplicate WorkflowTemplate name across files), the oracle keeps the
// first and warns on stderr, so that one batch can hold many unrelated manifests. A YAML document Argo cannot parse
// at all is reported ok=false (argo lint logs it and lints nothing from it). A document that fails only the strict
// YAML-to-JSON step (e.g. a duplicate key) is dropped by argo lint without a word: it is reported ok=true,
// skipped=true, with the error and dropped=true; so is a JSON object that does not decode.
//
// --templates-any-namespace (not argo lint's behaviour, off by default): a WorkflowTemplate without
// metadata.namespace also resolves refs from a Workflow of any namespace, as if it had been applied to that namespace.
// argo lint --offline finds it only from objects without a namespace.
//
// --batch: stdin holds one JSON request per line, {"id", "text", "deps": [file...]}; each text is judged as if
// `argo lint --offline` ran over it and its deps (its own templates first), verdicts named by the id. For the
// differential test's thousands of mutated manifests in one process.
//
// --retry: Argo's retry of workflows instead (retry.go).
//
// Usage: argo-doctor-oracle [--templates-any-namespace] [--stdin | --batch | --retry] [FILE|DIR ...]
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/yaml"

	wf "github.com/argoproj/argo-workflows/v4/pkg/apis/workflow"
	wfv1 "github.com/argoproj/argo-workflows/v4/pkg/apis/workflow/v1alpha1"
	fileutil "github.com/argoproj/argo-workflows/v4/util/file"
	grpcutil "github.com/argoproj/argo-workflows/v4/util/grpc"
	jsonpkg "github.com/argoproj/argo-workflows/v4/util/json"
	"github.com/argoproj/argo-workflows/v4/util/logging"
	"github.com/argoproj/argo-workflows/v4/workflow/common"
	"github.com/argoproj/argo-workflows/v4/workflow/templateresolution"
	"github.com/argoproj/argo-workflows/v4/workflow/validate"
)

// The separator workflow/common.ParseObjects splits on.
var yamlSeparator = regexp.MustCompile(`\n---`)

type verdict struct {
	File  string `json:"file"`
	Index int    `json:"index"`
	// 0-based line of the file where the document starts.
	Line    int    `json:"line"`
	Kind    string `json:"kind"`
	Name    string `json:"name"`
	OK      bool   `json:"ok"`
	Skipped bool   `json:"skipped,omitempty"`
	Dropped bool   `json:"dropped,omitempty"`
	Error   string `json:"error,omitempty"`
}

type doc struct {
	file  string
	index int
	line  int
	text  string
}

type source struct {
	path string
	data []byte
}

// docs splits a file as ParseObjects does: a JSON file is one document, YAML is split on "\n---".
func docs(s source) []doc {
	if jsonpkg.IsJSON(s.data) {
		return []doc{{file: s.path, text: string(s.data)}}
	}
	body := string(s.data)
	var out []doc
	start := 0
	pieces := yamlSeparator.FindAllStringIndex(body, -1)
	bounds := make([][2]int, 0, len(pieces)+1)
	for _, p := range pieces {
		bounds = append(bounds, [2]int{start, p[0]})
		start = p[1]
	}
	bounds = append(bounds, [2]int{start, len(body)})
	for _, b := range bounds {
		text := body[b[0]:b[1]]
		if strings.TrimSpace(text) == "" {
			continue
		}
		out = append(out, doc{file: s.path, index: len(out), line: strings.Count(body[:b[0]], "\n"), text: text})
	}
	return out
}

type namespacedGetter struct {
	namespace string
	templates map[string]*wfv1.WorkflowTemplate
}

func (g namespacedGetter) Get(_ context.Context, name string) (*wfv1.WorkflowTemplate, error) {
	if v, ok := g.templates[name]; ok {
		return v, nil
	}
	return nil, fmt.Errorf("couldn't find workflow template %q in namespace %q", name, g.namespace)
}

type clusterGetter map[string]*wfv1.ClusterWorkflowTemplate

func (g clusterGetter) Get(_ context.Context, name string) (*wfv1.ClusterWorkflowTemplate, error) {
	if v, ok := g[name]; ok {
		return v, nil
	}
	return nil, fmt.Errorf("couldn't find cluster workflow template %q", name)
}

type index struct {
	namespaced map[string]map[string]*wfv1.WorkflowTemplate
	cluster    clusterGetter
	// --templates-any-namespace: a WorkflowTemplate without metadata.namespace is found from every namespace.
	anyNamespace bool
	// --batch: the templates of a manifest's dependencies, consulted after the manifest's own (the first wins).
	parent *index
}

func newIndex(anyNamespace bool, parent *index) *index {
	return &index{namespaced: map[string]map[string]*wfv1.WorkflowTemplate{}, cluster: clusterGetter{}, anyNamespace: anyNamespace, parent: parent}
}

func (ix *index) templates(ns string) map[string]*wfv1.WorkflowTemplate {
	m := map[string]*wfv1.WorkflowTemplate{}
	if ix.parent != nil {
		for k, v := range ix.parent.templates(ns) {
			m[k] = v
		}
	}
	if ix.anyNamespace {
		for k, v := range ix.namespaced[""] {
			m[k] = v
		}
	}
	for k, v := range ix.namespaced[ns] {
		m[k] = v
	}
	return m
}

func (ix *index) namespace(ns string) templateresolution.WorkflowTemplateNamespacedGetter {
	return namespacedGetter{namespace: ns, templates: ix.templates(ns)}
}

func (ix *index) clusterTemplates() clusterGetter {
	if ix.parent == nil {
		return ix.cluster
	}
	m := clusterGetter{}
	for k, v := range ix.parent.clusterTemplates() {
		m[k] = v
	}
	for k, v := range ix.cluster {
		m[k] = v
	}
	return m
}

// add indexes the templates of one document as the offline client does (non-strict); errors are left to the lint.
func (ix *index) add(ctx context.Context, d doc) {
	for _, pr := range common.ParseObjects(ctx, []byte(d.text), false) {
		if pr.Err != nil || pr.Object == nil {
			continue
		}
		name := pr.Object.GetName()
		if name == "" {
			continue // generateName only: nothing can reference it
		}
		switch v := pr.Object.(type) {
		case *wfv1.ClusterWorkflowTemplate:
			if _, dup := ix.cluster[name]; dup {
				warn("duplicate ClusterWorkflowTemplate %q in %s (argo lint would stop here); keeping the first", name, d.file)
				continue
			}
			ix.cluster[name] = v
		case *wfv1.WorkflowTemplate:
			ns := v.GetNamespace()
			if ix.namespaced[ns] == nil {
				ix.namespaced[ns] = map[string]*wfv1.WorkflowTemplate{}
			}
			if _, dup := ix.namespaced[ns][name]; dup {
				warn("duplicate WorkflowTemplate %q in %s (argo lint would stop here); keeping the first", name, d.file)
				continue
			}
			ix.namespaced[ns][name] = v
		}
	}
}

func warn(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "oracle: "+format+"\n", args...)
}

func objectName(o interface {
	GetName() string
	GetGenerateName() string
}) string {
	if o.GetName() != "" {
		return o.GetName()
	}
	return o.GetGenerateName()
}

// lint returns the verdict on one document, as lintData in cmd/argo/lint does.
func lint(ctx context.Context, ix *index, d doc) (v verdict) {
	v = verdict{File: d.file, Index: d.index, Line: d.line}
	// YAML that does not parse at all is an error; a document without a kind is not a Kubernetes object, which
	// ParseObjects ignores.
	body := []byte(d.text)
	var err error
	if !jsonpkg.IsJSON(body) {
		if body, err = yaml.YAMLToJSON(body); err != nil {
			v.Error = err.Error()
			return v
		}
	}
	un := &unstructured.Unstructured{}
	if err = un.UnmarshalJSON(body); err != nil {
		v.Kind, v.OK, v.Skipped = un.GetKind(), true, true
		return v
	}
	v.Kind = un.GetKind()
	v.Name = objectName(un)
	switch v.Kind {
	case wf.WorkflowKind, wf.WorkflowTemplateKind, wf.ClusterWorkflowTemplateKind, wf.CronWorkflowKind:
	default:
		v.OK, v.Skipped = true, true
		return v
	}
	results := common.ParseObjects(ctx, []byte(d.text), true)
	if len(results) == 0 {
		// toWorkflowTypeYAML failed before decoding (strict YAML to JSON): argo lint drops the document silently.
		_, serr := yaml.YAMLToJSONStrict([]byte(d.text))
		v.OK, v.Skipped, v.Dropped = true, true, true
		if serr != nil {
			v.Error = serr.Error()
		}
		return v
	}
	pr := results[0]
	if pr.Object == nil {
		// A JSON Kubernetes object that does not decode: lintData skips it too.
		v.OK, v.Skipped, v.Dropped = true, true, true
		if pr.Err != nil {
			v.Error = pr.Err.Error()
		}
		return v
	}
	if pr.Err != nil {
		v.Error = pr.Err.Error()
		return v
	}
	defer func() {
		if r := recover(); r != nil {
			v.OK = false
			v.Error = fmt.Sprintf("oracle: Argo's validation panicked: %v", r)
		}
	}()
	ns := pr.Object.GetNamespace()
	cluster := ix.clusterTemplates()
	switch o := pr.Object.(type) {
	case *wfv1.Workflow:
		err = validate.ValidateWorkflow(ctx, ix.namespace(ns), cluster, o, nil, validate.ValidateOpts{Lint: true})
	case *wfv1.WorkflowTemplate:
		err = validate.ValidateWorkflowTemplate(ctx, ix.namespace(ns), cluster, o, nil, validate.ValidateOpts{Lint: true})
	case *wfv1.ClusterWorkflowTemplate:
		err = validate.ValidateClusterWorkflowTemplate(ctx, nil, cluster, o, nil, validate.ValidateOpts{Lint: true})
	case *wfv1.CronWorkflow:
		err = validate.ValidateCronWorkflow(ctx, ix.namespace(ns), cluster, o, nil)
	}
	err = grpcutil.TranslateError(err)
	if err != nil {
		v.Error = err.Error()
		return v
	}
	v.OK = true
	return v
}

// batchRequest is one line of --batch input: a manifest's text, validated with the templates of its own documents
// first and then those of the files in deps (an `argo lint --offline` run over the text and deps, judging the text).
type batchRequest struct {
	ID   string   `json:"id"`
	Text string   `json:"text"`
	Deps []string `json:"deps"`
}

// batch answers --batch: one request per stdin line, the verdicts on its documents (file = the request's id). The
// index of each distinct deps list is built once.
func batch(ctx context.Context, anyNamespace bool, out *json.Encoder) error {
	bases := map[string]*index{}
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 0, 1<<20), 64<<20)
	for in.Scan() {
		if strings.TrimSpace(in.Text()) == "" {
			continue
		}
		var req batchRequest
		if err := json.Unmarshal(in.Bytes(), &req); err != nil {
			return fmt.Errorf("bad request line: %w", err)
		}
		key := strings.Join(req.Deps, "\x00")
		base, ok := bases[key]
		if !ok {
			base = newIndex(anyNamespace, nil)
			for _, dep := range req.Deps {
				data, err := os.ReadFile(dep)
				if err != nil {
					return err
				}
				for _, d := range docs(source{path: dep, data: data}) {
					base.add(ctx, d)
				}
			}
			bases[key] = base
		}
		ix := newIndex(anyNamespace, base)
		mine := docs(source{path: req.ID, data: []byte(req.Text)})
		for _, d := range mine {
			ix.add(ctx, d)
		}
		for _, d := range mine {
			if err := out.Encode(lint(ctx, ix, d)); err != nil {
				return err
			}
		}
	}
	return in.Err()
}

func main() {
	ctx := logging.WithLogger(context.Background(), logging.NewSlogLoggerCustom(logging.Error, logging.Text, io.Discard))
	var sources []source
	anyNamespace, batchMode, retryMode := false, false, false
	for _, arg := range os.Args[1:] {
		switch {
		case arg == "--templates-any-namespace":
			anyNamespace = true
		case arg == "--batch":
			batchMode = true
		case arg == "--retry":
			retryMode = true
		case arg == "--stdin" || arg == "-":
			data, err := io.ReadAll(os.Stdin)
			if err != nil {
				warn("cannot read stdin: %v", err)
				os.Exit(2)
			}
			sources = append(sources, source{path: "<stdin>", data: data})
		case arg == "-h" || arg == "--help":
			fmt.Println("usage: argo-doctor-oracle [--templates-any-namespace] [--stdin | --batch] [FILE|DIR ...]")
			fmt.Println("One JSON verdict per YAML document, as argo lint --offline. --templates-any-namespace: a")
			fmt.Println("WorkflowTemplate without metadata.namespace resolves refs from any namespace (argo lint: only \"\").")
			fmt.Println("--batch: stdin holds one JSON request per line, {id, text, deps: [file...]}; each text is judged")
			fmt.Println("alone with the templates of its deps (its own documents' templates first).")
			return
		default:
			err := fileutil.WalkManifests(ctx, arg, func(path string, data []byte) error {
				sources = append(sources, source{path: path, data: data})
				return nil
			})
			if err != nil {
				warn("%v", err)
				os.Exit(2)
			}
		}
	}
	out := json.NewEncoder(os.Stdout)
	out.SetEscapeHTML(false)
	if retryMode {
		if err := retryBatch(ctx, out); err != nil {
			warn("%v", err)
			os.Exit(2)
		}
		return
	}
	if batchMode {
		if err := batch(ctx, anyNamespace, out); err != nil {
			warn("%v", err)
			os.Exit(2)
		}
		return
	}
	ix := newIndex(anyNamespace, nil)
	var all []doc
	for _, s := range sources {
		for _, d := range docs(s) {
			ix.add(ctx, d)
			all = append(all, d)
		}
	}
	for _, d := range all {
		if err := out.Encode(lint(ctx, ix, d)); err != nil {
			warn("cannot write: %v", err)
			os.Exit(2)
		}
	}
}
