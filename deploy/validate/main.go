// Command validate checks the deployment files offline, with the libraries the real tools are made of:
//
//	validate k8s DIR       builds the kustomization in DIR (kustomize's krusty) and decodes every object strictly
//	                       into its k8s.io/api type: unknown or duplicate fields, wrong types, bad quantities and
//	                       unregistered kinds fail
//	validate build DIR     prints the kustomize build of DIR, for schema validators that read plain manifests
//	validate compose FILE  loads FILE with compose-go, the loader behind `docker compose`, which checks it against
//	                       the Compose Specification's schema; bind mounts and build files must exist
//	validate dockerfile F  parses F with BuildKit's Dockerfile frontend, the parser of `docker build`: unknown
//	                       instructions or flags fail, and so does any warning of its parse-time lint rules
//
// It prints what it checked and exits 1 when the file, or any object in the directory, is invalid.
package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/types"
	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/api/resmap"
	"sigs.k8s.io/kustomize/kyaml/filesys"
)

func main() {
	if len(os.Args) == 2 && os.Args[1] == "version" {
		printVersions()
		return
	}
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: validate k8s DIR | validate build DIR | validate compose FILE | validate dockerfile FILE | validate version")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "k8s":
		err = kubernetes(os.Args[2])
	case "build":
		err = build(os.Args[2])
	case "compose":
		err = compose(os.Args[2])
	case "dockerfile":
		err = dockerfile(os.Args[2])
	default:
		err = fmt.Errorf("unknown check %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "INVALID %s: %v\n", os.Args[2], err)
		os.Exit(1)
	}
}

func kustomize(dir string) (resmap.ResMap, error) {
	resources, err := krusty.MakeKustomizer(krusty.MakeDefaultOptions()).Run(filesys.MakeFsOnDisk(), dir)
	if err != nil {
		return nil, fmt.Errorf("kustomize build: %w", err)
	}
	return resources, nil
}

func build(dir string) error {
	resources, err := kustomize(dir)
	if err != nil {
		return err
	}
	manifests, err := resources.AsYaml()
	if err != nil {
		return err
	}
	_, err = os.Stdout.Write(manifests)
	return err
}

func kubernetes(dir string) error {
	resources, err := kustomize(dir)
	if err != nil {
		return err
	}
	scheme := runtime.NewScheme()
	// Only the groups these manifests use: any other kind fails as unregistered until it is added here.
	for _, add := range []func(*runtime.Scheme) error{corev1.AddToScheme, appsv1.AddToScheme, batchv1.AddToScheme} {
		if err := add(scheme); err != nil {
			return err
		}
	}
	decoder := serializer.NewCodecFactory(scheme, serializer.EnableStrict).UniversalDeserializer()
	invalid := 0
	for _, resource := range resources.Resources() {
		name := resource.GetKind() + "/" + resource.GetName()
		if err := decodeStrictly(decoder, resource.AsYAML); err != nil {
			fmt.Printf("INVALID %s: %v\n", name, err)
			invalid++
			continue
		}
		fmt.Printf("ok %s %s (namespace %q)\n", resource.GetApiVersion(), name, resource.GetNamespace())
	}
	if invalid > 0 {
		return fmt.Errorf("%d of %d objects invalid", invalid, resources.Size())
	}
	fmt.Printf("%s: %d objects decoded strictly\n", dir, resources.Size())
	return nil
}

func decodeStrictly(decoder runtime.Decoder, manifest func() ([]byte, error)) error {
	data, err := manifest()
	if err != nil {
		return err
	}
	object, _, err := decoder.Decode(data, nil, nil)
	if err != nil {
		return err
	}
	if deployment, ok := object.(*appsv1.Deployment); ok {
		return selectorMatchesTemplate(deployment)
	}
	return nil
}

// The API server's own rule, which a typed decode cannot see: a Deployment must own the pods it creates.
func selectorMatchesTemplate(deployment *appsv1.Deployment) error {
	selector, err := metav1.LabelSelectorAsSelector(deployment.Spec.Selector)
	if err != nil {
		return err
	}
	if selector.Empty() || !selector.Matches(labels.Set(deployment.Spec.Template.Labels)) {
		return fmt.Errorf("spec.selector %v does not match spec.template.metadata.labels", selector)
	}
	return nil
}

func compose(file string) error {
	options, err := cli.NewProjectOptions([]string{file}, cli.WithOsEnv, cli.WithDotEnv)
	if err != nil {
		return err
	}
	project, err := options.LoadProject(context.Background())
	if err != nil {
		return err
	}
	for _, name := range project.ServiceNames() {
		if err := localFilesExist(project.Services[name]); err != nil {
			return fmt.Errorf("service %s: %w", name, err)
		}
	}
	fmt.Printf("%s: project %q, services %s\n", file, project.Name, strings.Join(project.ServiceNames(), ", "))
	return nil
}

// compose-go resolves paths but, like the real tool, only Docker notices a missing one, at `up`.
func localFilesExist(service types.ServiceConfig) error {
	var paths []string
	for _, volume := range service.Volumes {
		if volume.Type == types.VolumeTypeBind {
			paths = append(paths, volume.Source)
		}
	}
	if service.Build != nil {
		paths = append(paths, service.Build.Context, filepath.Join(service.Build.Context, service.Build.Dockerfile))
	}
	for _, path := range paths {
		if _, err := os.Stat(path); err != nil {
			return err
		}
	}
	return nil
}

func dockerfile(file string) error {
	content, err := os.Open(file)
	if err != nil {
		return err
	}
	defer content.Close()
	parsed, err := parser.Parse(content)
	if err != nil {
		return err
	}
	var warnings []string
	for _, warning := range parsed.Warnings {
		warnings = append(warnings, warning.Short)
	}
	lint := linter.New(&linter.Config{Warn: func(rule, _, _, message string, location []parser.Range) {
		if len(location) > 0 {
			message = fmt.Sprintf("line %d: %s", location[0].Start.Line, message)
		}
		warnings = append(warnings, rule+": "+message)
	}})
	stages, _, err := instructions.Parse(parsed.AST, lint)
	if err != nil {
		return err
	}
	if len(warnings) > 0 {
		return fmt.Errorf("%s", strings.Join(warnings, "; "))
	}
	fmt.Printf("%s: %d stages, %d instructions parsed\n", file, len(stages), len(parsed.AST.Children))
	return nil
}

func printVersions() {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return
	}
	fmt.Printf("validate (%s):", info.GoVersion)
	for _, module := range info.Deps {
		switch module.Path {
		case "k8s.io/api", "sigs.k8s.io/kustomize/api", "github.com/compose-spec/compose-go/v2", "github.com/moby/buildkit":
			fmt.Printf(" %s@%s", module.Path, module.Version)
		}
	}
	fmt.Println()
}
