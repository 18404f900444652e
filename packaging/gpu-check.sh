#!/usr/bin/env bash
# The GPU check of issue 23 in one command: build, run the CUDA tests, then the product commands (tastelab-cli, not
# the benchmarks) on full-size random-weight SD-Turbo and FLUX.1-schnell folders written in the official layout, and
# print one table of the figures against the targets.
#
#   bash packaging/gpu-check.sh [--build DIR] [--debs DIR] [--work DIR] [--keep]
#       On a GPU machine with PyTorch 2.x (CUDA), CMake, a compiler and no internet. The build folder (default
#       build/gpu) is reused when it is configured (e.g. by `gpu-prefix.sh build`); otherwise it is configured here
#       against python3's LibTorch with the libraries of the .deb prefix that packaging/gpu-prefix.sh documents
#       ($TASTELAB_DEPS, default /opt/tastelab-deps, unpacked from --debs DIR when missing). Only the targets the
#       check needs are built. The model folders (about 37 GB) go to --work (default /tmp/tastelab-gpu-check) and are
#       removed at the end unless --keep. With a configured build folder it fits in 8 minutes on an H100.
#   bash packaging/gpu-check.sh --tiny [--build DIR]
#       The same flow on the CPU with tiny folders and sizes, on an already built tree (default build/release): proves
#       the flow without a GPU (CTest: gpu_check_tiny).
#
# Each step has a time limit; a step that fails or times out marks its row FAILED and the check goes on. The exit
# status is 1 when any step failed (or no table could be made), 0 otherwise; a missed target is reported, not failed.
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tiny=0
build=""
debs=""
work=""
keep=0
while [[ $# -gt 0 ]]; do
  case "$1" in
  --tiny) tiny=1 ;;
  --build) build=${2:?--build needs a folder}; shift ;;
  --debs) debs=${2:?--debs needs a folder}; shift ;;
  --work) work=${2:?--work needs a folder}; shift ;;
  --keep) keep=1 ;;
  -h | --help) sed -n '2,20p' "${BASH_SOURCE[0]}"; exit 0 ;;
  *) echo "gpu-check.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done

if ((tiny)); then
  build=${build:-$root/build/release}
  device=cpu
  sd_size=64 sd_batch=2 steer_iterations=2 steer_size=64 flux_size=64 flux_batch=1
  demo_options=(--images 40 --prompts 4 --agents 10 --held-out 2 --ratings 30 --core 4 --no-eval)
  write_options=(--tiny --device cpu)
  # Generous: this machine may be a busy 2-core one; the CTest limit is the real bound.
  t_build=0 t_tests=120 t_write=60 t_demo=120 t_train=60 t_generate=60 t_steer=60 t_flux=60
else
  build=${build:-$root/build/gpu}
  device=cuda
  sd_size=512 sd_batch=4 steer_iterations=50 steer_size=512 flux_size=1024 flux_batch=2
  # 100 raters x 190 slider answers (with repeats) plus 2,000 pairwise choices: about 20,000 cached answers.
  demo_options=(--images 300 --agents 100 --ratings 190 --no-eval)
  write_options=(--device cuda)
  t_build=1800 t_tests=180 t_write=300 t_demo=240 t_train=120 t_generate=150 t_steer=150 t_flux=240
fi
[[ "$build" = /* ]] || build=$root/$build
if [[ -z "$work" ]]; then
  if ((tiny)); then
    work=$(mktemp -d "${TMPDIR:-/tmp}/tastelab-gpu-check-tiny.XXXXXX") || exit 1
    own_work=1
  else
    work=/tmp/tastelab-gpu-check
  fi
fi
logs=$work/logs
rm -rf "$work/sd-turbo" "$work/flux-schnell" "$work/workspace"
mkdir -p "$logs" || exit 1
# shellcheck disable=SC2317  # the EXIT trap
cleanup() {
  [[ -n "${demo_pid:-}" ]] && kill "$demo_pid" 2>/dev/null
  [[ -n "${smi_pid:-}" ]] && kill "$smi_pid" 2>/dev/null
  if ((!keep)); then
    rm -rf "$work/sd-turbo" "$work/flux-schnell"
    ((${own_work:-0})) && rm -rf "$work"
  fi
}
trap cleanup EXIT

started=$SECONDS
failed=0
declare -A result peak status
note() { printf '[gpu-check %4ds] %s\n' $((SECONDS - started)) "$*"; }
# run NAME LIMIT CMD...: runs with a time limit, output to logs/NAME.log (its tail shown on failure).
run() {
  local name=$1 limit=$2 rc
  shift 2
  note "$name: $*"
  if ((limit > 0)); then
    timeout --kill-after=15 "$limit" "$@" >"$logs/$name.log" 2>&1
  else
    "$@" >"$logs/$name.log" 2>&1
  fi
  rc=$?
  if ((rc != 0)); then
    if ((rc == 124 || rc == 137)); then note "$name: timed out after ${limit} s"; else note "$name: failed (exit $rc)"; fi
    tail -n 25 "$logs/$name.log" | sed 's/^/    /'
  fi
  return $rc
}
mark_failed() {
  status[$1]=FAILED
  failed=1
}

# Peak GPU memory of the whole machine's GPU 0 while a step runs (nvidia-smi, so it includes the CUDA context and the
# allocator's cache), for the commands that do not print their own.
smi_start() {
  smi_pid=""
  ((tiny)) && return
  command -v nvidia-smi >/dev/null || return
  nvidia-smi --query-gpu=memory.used --format=csv,noheader,nounits -i 0 -lms 100 >"$logs/smi-$1.txt" 2>/dev/null &
  smi_pid=$!
}
smi_stop() {
  [[ -z "${smi_pid:-}" ]] && return
  kill "$smi_pid" 2>/dev/null
  wait "$smi_pid" 2>/dev/null
  smi_pid=""
  peak[$1]="$(sort -n "$logs/smi-$1.txt" | tail -n 1) MiB (nvidia-smi)"
}

# ---- build --------------------------------------------------------------------------------------------------------
cli=$build/app/cli/tastelab-cli
writer=$build/tests/support/tastelab-write-model
if ((!tiny)); then
  deps=${TASTELAB_DEPS:-/opt/tastelab-deps}
  if ! python3 -c 'import torch; assert torch.cuda.is_available()' 2>/dev/null; then
    echo "gpu-check.sh: python3's torch is missing or sees no CUDA device (use --tiny on a machine without a GPU)" >&2
    exit 1
  fi
  if [[ ! -d "$deps/usr" && -n "$debs" ]]; then
    mkdir -p "$deps" && for package in "$debs"/*.deb; do dpkg -x "$package" "$deps" || exit 1; done
  fi
  eval "$(bash "$root/packaging/gpu-prefix.sh" env)"
  if [[ ! -f "$build/CMakeCache.txt" ]]; then
    # As packaging/gpu-prefix.sh build configures, without building the whole tree.
    torch_cmake=$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)') || exit 1
    run configure 600 cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTASTELAB_BUILD_GUI=OFF \
      -DCMAKE_CXX_COMPILER=/usr/bin/g++ -DCMAKE_C_COMPILER=/usr/bin/gcc \
      -DCMAKE_PREFIX_PATH="$deps/usr;$torch_cmake" || { echo "gpu-check.sh: configure failed (--debs DIR?)" >&2; exit 1; }
  fi
  # The CLI, the writer, and the model tests that hold CUDA tests (run filtered to *Cuda* below).
  targets=${TASTELAB_GPU_CHECK_TARGETS:-tastelab-cli tastelab-write-model model_runtime_test model_sd_turbo_test model_flux_test}
  # shellcheck disable=SC2086
  run build "$t_build" cmake --build "$build" --parallel "$(nproc)" --target $targets || {
    echo "gpu-check.sh: the build failed; see $logs/build.log" >&2
    exit 1
  }
fi
for program in "$cli" "$writer"; do
  [[ -x "$program" ]] || { echo "gpu-check.sh: $program is not built" >&2; exit 1; }
done

# The workspace of ~20,000 answers is made on the CPU while the model folders are written.
ws=$work/workspace
note "demo workspace: $cli demo $ws ${demo_options[*]} (in the background)"
timeout --kill-after=15 "$t_demo" "$cli" demo "$ws" "${demo_options[@]}" >"$logs/demo.log" 2>&1 &
demo_pid=$!

# ---- CUDA tests -------------------------------------------------------------------------------------------------
# The model test binaries that hold CUDA tests, filtered to them (not ctest -R: CTest reads every test binary's
# discovery file, and a tree shared with a build under way can break that). A test that skips for want of a GPU
# passes in googletest's count, so skips are counted apart and fail the row on a GPU machine.
test_bins=()
for name in model_runtime_test model_sd_turbo_test model_flux_test; do
  [[ -x "$build/tests/model/$name" ]] && test_bins+=("$build/tests/model/$name")
done
# shellcheck disable=SC2016
cuda_tests=(bash -c 'rc=0; for bin in "$@"; do "$bin" --gtest_filter="*Cuda*" --gtest_color=no || rc=1; done; exit $rc' -)
if ((${#test_bins[@]} > 0)) && run cuda-tests "$t_tests" "${cuda_tests[@]}" "${test_bins[@]}"; then
  passed=$(sed -nE 's/^\[  PASSED  \] ([0-9]+) tests?\.$/\1/p' "$logs/cuda-tests.log" | awk '{ n += $1 } END { print n + 0 }')
  skipped=$(grep -Ec '^\[  SKIPPED \] [A-Za-z0-9_]+\.[A-Za-z0-9_]+ \([0-9]+ ms\)' "$logs/cuda-tests.log")
  result[tests]="$passed passed ($skipped skipped)"
  status[tests]=ok
  ((!tiny && skipped > 0)) && { status[tests]="FAILED (skipped on a GPU machine)"; failed=1; }
  ((passed == 0)) && mark_failed tests
else
  result[tests]="see logs/cuda-tests.log"
  mark_failed tests
fi

# ---- model folders ----------------------------------------------------------------------------------------------
sd=$work/sd-turbo
flux=$work/flux-schnell
run write-sd-turbo "$t_write" "$writer" sd-turbo "$sd" "${write_options[@]}" || sd=""
run write-flux "$t_write" "$writer" flux-schnell "$flux" "${write_options[@]}" || flux=""

wait "$demo_pid"
demo_rc=$?
demo_pid=""
if ((demo_rc != 0)); then
  note "demo workspace: failed (exit $demo_rc)"
  tail -n 25 "$logs/demo.log" | sed 's/^/    /'
fi

# ---- train ------------------------------------------------------------------------------------------------------
if ((demo_rc == 0)) && run train "$t_train" "$cli" train "$ws" --device "$device" --quiet; then
  line=$(grep '^Trained on' "$logs/train.log")
  seconds=$(sed -nE 's/.*, ([0-9.]+) s( on .*)?$/\1/p' <<<"$line")
  result[train]="$seconds s"
  answers=$(sed -nE 's/^Trained on ([0-9]+) ratings and ([0-9]+) choices.*/\1 \2/p' <<<"$line")
  # The demo's stored answers; train uses those of the people and images its split keeps for training.
  cached=$(sed -nE 's/^Answers +([0-9]+) slider ratings.* and ([0-9]+) pairwise choices.*/\1 \2/p' "$logs/demo.log")
  [[ -n "$cached" ]] && result[train]="${result[train]}, $((${cached% *} + ${cached#* })) answers"
  [[ -n "$answers" ]] && result[train]="${result[train]} ($((${answers% *} + ${answers#* })) trained on)"
  status[train]=ok
  [[ -z "$seconds" ]] && mark_failed train
else
  mark_failed train
fi

# ---- SD-Turbo generate ------------------------------------------------------------------------------------------
# generate prints "per image N ms (fastest of B) ..." and, on CUDA, "peak GPU memory N MiB".
generate_row() {
  local row=$1 folder=$2 size=$3 batch=$4 limit=$5
  shift 5
  if [[ -n "$folder" && -d "$ws" ]] && run "$row" "$limit" "$cli" generate "$ws" --model "$folder" --prompt "a red cat on a blue sofa" \
    --size "$size" --batch "$batch" --device "$device" "$@"; then
    result[$row]=$(sed -nE 's/^per image ([0-9]+) ms \(fastest.*/\1/p' "$logs/$row.log")
    peak[$row]=$(sed -nE 's/^peak GPU memory ([0-9]+) MiB$/\1 MiB/p' "$logs/$row.log")
    if [[ -n "${result[$row]}" ]]; then status[$row]=ok; else mark_failed "$row"; fi
  else
    mark_failed "$row"
  fi
}
generate_row sd-generate "$sd" "$sd_size" "$sd_batch" "$t_generate"
[[ -n "${result[sd-generate]:-}" ]] && result[sd-generate]="${result[sd-generate]} ms per image"

# ---- SD-Turbo steer ---------------------------------------------------------------------------------------------
smi_start steer
if [[ -n "$sd" && "${status[train]}" = ok ]] &&
  run steer "$t_steer" "$cli" steer "$ws" --person A01 --prompt "a red cat on a blue sofa" --generator sd-turbo \
    --model "$sd" --iterations "$steer_iterations" --size "$steer_size" --device "$device" --out "$work/steer"; then
  result[steer]=$(sed -nE 's/^([0-9]+) iterations in ([0-9.]+) s on .*/\2 s/p' "$logs/steer.log")
  if [[ -n "${result[steer]}" ]]; then status[steer]=ok; else mark_failed steer; fi
else
  mark_failed steer
fi
smi_stop steer
# steer prints the allocator's own peak on CUDA; it replaces nvidia-smi's whole-GPU figure when present.
steer_peak=$(sed -nE 's/^peak GPU memory ([0-9]+) MiB$/\1 MiB/p' "$logs/steer.log" 2>/dev/null)
[[ -n "$steer_peak" ]] && peak[steer]=$steer_peak

# ---- FLUX.1-schnell generate ------------------------------------------------------------------------------------
generate_row flux-generate "$flux" "$flux_size" "$flux_batch" "$t_flux" --generator flux-schnell --steps 4
if [[ -n "${result[flux-generate]:-}" ]]; then
  result[flux-generate]="$(awk -v ms="${result[flux-generate]}" 'BEGIN { printf "%.2f", ms / 1000 }') s per image"
fi

# ---- the table --------------------------------------------------------------------------------------------------
# verdict ROW VALUE LIMIT: how the measured figure stands against the target (a GPU run only).
verdict() {
  local row=$1 value=$2 limit=$3
  if [[ "${status[$row]:-FAILED}" != ok ]]; then
    echo "${status[$row]:-FAILED}"
  elif ((tiny)); then
    echo "ok (tiny: no target)"
  elif [[ -z "$limit" ]]; then
    echo ok
  elif awk -v v="$value" -v l="$limit" 'BEGIN { exit !(v <= l) }'; then
    echo "ok, meets target"
  else
    echo "ok, MISSES target"
  fi
}
number() { grep -Eo '^[0-9.]+' <<<"${1:-}"; }
if ((tiny)); then
  labels=("CUDA tests (model tests, *Cuda*)" "train on the cached answers (cpu)" "generate SD-Turbo ${sd_size}px (tiny, cpu)"
    "steer SD-Turbo ${steer_iterations} it ${steer_size}px (tiny, cpu)" "generate FLUX ${flux_size}px 4 steps (tiny, cpu)")
else
  labels=("CUDA tests (model tests, *Cuda*)" "train, 20,000 cached answers" "generate SD-Turbo 512x512 fp16, 1 step"
    "steer SD-Turbo 50 iterations 512x512" "generate FLUX.1-schnell 1024x1024 bf16, 4 steps")
fi
rows=(tests train sd-generate steer flux-generate)
targets=("all pass" "-" "<= 100 ms" "<= 10 s" "<= 2 s")
limits=("" "" 100 10 2)
echo
gpu_name=$( ((tiny)) || nvidia-smi --query-gpu=name --format=csv,noheader -i 0 2>/dev/null)
echo "TasteLab GPU check ($( ((tiny)) && echo "tiny, CPU" || echo "full size, $device${gpu_name:+, $gpu_name}")):" \
  "$("$cli" --version 2>/dev/null | grep -E '^(LibTorch|CUDA)' | tr -s ' ' | paste -sd ';' -)"
printf '%-48s | %-40s | %-26s | %-9s | %s\n' check measured "peak GPU memory" target status
printf '%s\n' "$(printf -- '-%.0s' {1..140})"
for i in "${!rows[@]}"; do
  row=${rows[$i]}
  printf '%-48s | %-40s | %-26s | %-9s | %s\n' "${labels[$i]}" "${result[$row]:--}" "${peak[$row]:--}" \
    "${targets[$i]}" "$(verdict "$row" "$(number "${result[$row]:-}")" "${limits[$i]}")"
done
echo "total $((SECONDS - started)) s; logs in $logs$( ((${own_work:-0} && !keep)) && echo " (removed; pass --keep to keep them)")"
if ((failed)); then
  echo "gpu-check: FAILED (a row above failed)"
  exit 1
fi
echo "gpu-check: all steps ran"
exit 0
