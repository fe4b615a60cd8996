#!/usr/bin/env bash
# Validates deploy/ without a Docker engine or a cluster, with real tools from the package registries, and exits
# non-zero if any file is invalid (every check runs and prints its verdict first):
#   compose.yaml  Debian's docker-compose `config -q`; compose-go, the loader of Docker Compose v2+
#   k8s/          kustomize build + strict decoding into k8s.io/api types (deploy/validate, built from Go modules);
#                 kubernetes-validate --strict (PyPI), the Kubernetes OpenAPI schemas as JSON Schema
#   Dockerfile    BuildKit's Dockerfile parser and parse-time lint rules (the same deploy/validate); hadolint too,
#                 only if it is installed (none of the registries here ships it)
# Installs what is missing on first use (apt for docker-compose, as root); the rest is cached in deploy/.cache/.
set -euo pipefail
cd "$(dirname "$0")"

CACHE=.cache
KUBERNETES_VALIDATE=1.37.0
KUBERNETES_VERSIONS=(1.33.0 1.37.0)  # the oldest and newest minor releases to hold the manifests to

install_docker_compose() {
  command -v docker-compose >/dev/null && return
  if [ "$(id -u)" -ne 0 ]; then echo "docker-compose is missing: apt-get install docker-compose (as root)" >&2; exit 1; fi
  echo "installing Debian's docker-compose"
  # without its recommended docker.io: `config` needs no engine
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-compose >/dev/null
}

build_validator() {
  local sum
  sum=$(cat validate/go.mod validate/go.sum validate/main.go | sha256sum | cut -c1-16)
  [ -x "$CACHE/bin/validate" ] && [ "$(cat "$CACHE/bin/validate.sum" 2>/dev/null)" = "$sum" ] && return
  command -v go >/dev/null || { echo "go is missing: deploy/validate is built from Go modules" >&2; exit 1; }
  echo "building deploy/validate from Go modules (once)"
  mkdir -p "$CACHE/bin"
  (cd validate && GOTOOLCHAIN=local GOFLAGS=-mod=readonly go build -o "../$CACHE/bin/validate" .)
  echo "$sum" >"$CACHE/bin/validate.sum"
}

install_kubernetes_validate() {
  [ "$("$CACHE/venv/bin/kubernetes-validate" --version 2>/dev/null)" = "$KUBERNETES_VALIDATE" ] && return
  echo "installing kubernetes-validate $KUBERNETES_VALIDATE from PyPI (once)"
  python3 -m venv "$CACHE/venv"
  "$CACHE/venv/bin/pip" install -q --disable-pip-version-check "kubernetes-validate==$KUBERNETES_VALIDATE"
}

failures=()
check() {  # check NAME COMMAND...: runs it, prints its output and one verdict line
  local name=$1
  shift
  echo "--- $name"
  if "$@"; then echo "PASS $name"; else echo "FAIL $name"; failures+=("$name"); fi
}

# kubernetes-validate only warns about a kind it has no schema for; here that is a failure.
schemas() {
  local output versions=() rendered=$CACHE/kustomize-build.yaml
  for version in "${KUBERNETES_VERSIONS[@]}"; do versions+=(-k "$version"); done
  "$CACHE/bin/validate" build k8s >"$rendered" || return 1
  output=$("$CACHE/venv/bin/kubernetes-validate" --strict "${versions[@]}" "$rendered") || {
    echo "$output"
    return 1
  }
  echo "$output"
  ! grep -q '^WARN' <<<"$output"
}

install_docker_compose
build_validator
install_kubernetes_validate

echo "tools:"
echo "  $(docker-compose version --short 2>/dev/null | sed 's/^/docker-compose (Debian) /')"
echo "  $("$CACHE/bin/validate" version)"
echo "  kubernetes-validate $("$CACHE/venv/bin/kubernetes-validate" --version) (schemas of Kubernetes ${KUBERNETES_VERSIONS[*]})"
command -v hadolint >/dev/null && echo "  $(hadolint --version)"

check "compose.yaml: docker-compose config" docker-compose -f compose.yaml config -q
check "compose.yaml: compose-go" "$CACHE/bin/validate" compose compose.yaml
check "k8s/: kustomize build + strict k8s.io/api decoding" "$CACHE/bin/validate" k8s k8s
check "k8s/: kubernetes-validate --strict" schemas
check "Dockerfile: BuildKit parser + lint" "$CACHE/bin/validate" dockerfile Dockerfile
if command -v hadolint >/dev/null; then
  check "Dockerfile: hadolint" hadolint Dockerfile
else
  echo "--- Dockerfile: hadolint not installed (optional), skipped"
fi

if [ ${#failures[@]} -gt 0 ]; then
  echo "INVALID: ${#failures[@]} check(s) failed"
  printf '  %s\n' "${failures[@]}"
  exit 1
fi
echo "all deployment files valid"
