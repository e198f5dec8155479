#!/usr/bin/env bash
# Builds the three images (four with COURSE_USE_REGISTRY=1: the CUDA sandbox), each only when its inputs changed. Every image carries the label
# course.inputs = sha256 of its inputs (and of its parent's label), so a second run builds nothing.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SUITE="${COURSE_DEBIAN_SUITE:-trixie}"
MIRROR="${COURSE_DEBIAN_MIRROR:-http://deb.debian.org/debian}"

# Hash of files under the given paths (bin/obj excluded), in a stable order.
inputs_hash() {
  (cd "$ROOT" && find "$@" -type f -not -path '*/bin/*' -not -path '*/obj/*' -not -name '*.pyc' -print0 \
     | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
}
image_label() { $DOCKER image inspect --format '{{ index .Config.Labels "course.inputs" }}' "$1" 2>/dev/null || true; }

build_base() {
  local hash; hash="$(printf '%s %s %s' "$SUITE" "$MIRROR" "$(inputs_hash scripts/images.sh deploy/images/base)" | sha256sum | cut -c1-16)"
  [ "$(image_label course/base)" = "$hash" ] && { say "course/base is up to date"; return; }
  if [ "${COURSE_USE_REGISTRY:-0}" = 1 ]; then
    # Where a registry is reachable, the slim image is the same Debian release.
    step "pulling debian:$SUITE-slim" $DOCKER pull "debian:$SUITE-slim"
    printf 'FROM debian:%s-slim\nLABEL course.inputs=%s\n' "$SUITE" "$hash" | step "tagging course/base" $DOCKER build -t course/base -
    return
  fi
  local rootfs; rootfs="$(mktemp -d -t course-rootfs.XXXXXX)"
  step "debootstrap $SUITE (minbase)" debootstrap --variant=minbase "$SUITE" "$rootfs" "$MIRROR"
  step "importing course/base" bash -c "tar -C '$rootfs' -c . | $DOCKER import \
      --change 'LABEL course.inputs=$hash' --change 'ENV LANG=C.UTF-8' --change 'CMD [\"/bin/bash\"]' - course/base:latest"
  rm -rf "$rootfs"
}

# Builds an image from deploy/images/NAME with the given context; $2.. are the input paths.
build_from_dockerfile() {
  local name="$1" context="$2"; shift 2
  local hash; hash="$(printf '%s %s' "$(image_label course/base)" "$(inputs_hash "deploy/images/$name" "$@")" | sha256sum | cut -c1-16)"
  [ "$(image_label "course/$name")" = "$hash" ] && { say "course/$name is up to date"; return 1; }
  step "building course/$name" env DOCKER_BUILDKIT=0 $DOCKER build --label "course.inputs=$hash" \
    -f "$ROOT/deploy/images/$name/Dockerfile" -t "course/$name:latest" "$context"
}

build_sandbox() {
  build_from_dockerfile sandbox-python "$ROOT/assignments" assignments/harness || true
  build_sandbox_cuda
}

# The GPU sandbox (course/sandbox-python-cuda) starts from PyTorch's CUDA image on Docker Hub, so it is
# built only where a registry is reachable; elsewhere GPU assignments need a worker that has it.
build_sandbox_cuda() {
  [ "${COURSE_USE_REGISTRY:-0}" = 1 ] || { say "course/sandbox-python-cuda needs a registry (COURSE_USE_REGISTRY=1); not built"; return; }
  build_from_dockerfile sandbox-python-cuda "$ROOT/assignments" assignments/harness || true
}

build_reference() {
  local out="$ROOT/build/reference"
  local inputs=(src/Reference src/Contracts Directory.Build.props Directory.Packages.props)
  local hash; hash="$(printf '%s %s' "$(image_label course/base)" "$(inputs_hash "deploy/images/reference" "${inputs[@]}")" | sha256sum | cut -c1-16)"
  [ "$(image_label course/reference)" = "$hash" ] && { say "course/reference is up to date"; return; }
  step "publishing src/Reference (self-contained linux-x64)" dotnet publish "$ROOT/src/Reference" -c Release \
    -r linux-x64 --self-contained -p:UseAppHost=true -o "$out"
  cp "$ROOT/deploy/images/reference/Dockerfile" "$out/Dockerfile"
  step "building course/reference" env DOCKER_BUILDKIT=0 $DOCKER build --label "course.inputs=$hash" -t course/reference:latest "$out"
}

case "${1:-all}" in
  base) build_base ;;
  sandbox) build_sandbox ;;
  reference) build_reference ;;
  all) build_base; build_sandbox; build_reference ;;
  *) die "usage: images.sh [base|sandbox|reference|all]" ;;
esac

# A rebuilt image leaves its previous version untagged; drop those (only ours: they carry the label).
$DOCKER image prune -f --filter label=course.inputs >/dev/null
