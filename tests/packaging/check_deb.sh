#!/usr/bin/env bash
# Builds the .deb with CPack and checks what is inside it.
# Usage: check_deb.sh CPACK BUILD_DIR WORK_DIR APP_ID
set -euo pipefail
cpack=$1 build=$2 work=$3 app_id=$4

rm -rf "$work"
mkdir -p "$work"
if ! "$cpack" -G DEB --config "$build/CPackConfig.cmake" -B "$work" >"$work/cpack.log" 2>&1; then
  cat "$work/cpack.log"
  echo "FAIL: cpack -G DEB failed"
  exit 1
fi
shopt -s nullglob
debs=("$work"/*.deb)
if [[ ${#debs[@]} -ne 1 ]]; then
  echo "FAIL: expected one .deb in $work, found ${#debs[@]}"
  exit 1
fi
deb=${debs[0]}
echo "built $(basename "$deb") ($(du -h "$deb" | cut -f1))"

contents=$(dpkg-deb -c "$deb")
status=0
for f in \
  ./usr/bin/tastelab \
  ./usr/bin/tastelab-cli \
  "./usr/share/applications/$app_id.desktop" \
  "./usr/share/metainfo/$app_id.metainfo.xml" \
  "./usr/share/icons/hicolor/scalable/apps/$app_id.svg" \
  "./usr/share/icons/hicolor/48x48/apps/$app_id.png" \
  "./usr/share/icons/hicolor/256x256/apps/$app_id.png" \
  ./usr/share/doc/tastelab/copyright; do
  if ! grep -qF " $f" <<<"$contents"; then
    echo "FAIL: $f is missing from the package"
    status=1
  fi
done

depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for lib in libqt6widgets6 libqt6svg6 libtorch libsqlite3; do
  if ! grep -q "$lib" <<<"$depends"; then
    echo "FAIL: Depends does not name $lib (shlibdeps did not run?)"
    status=1
  fi
done

# The packaged command line runs.
dpkg-deb -x "$deb" "$work/root"
if ! "$work/root/usr/bin/tastelab-cli" --version | grep -q "LibTorch"; then
  echo "FAIL: the packaged tastelab-cli does not run"
  status=1
fi
[[ $status -eq 0 ]] && echo "deb package OK"
exit $status
