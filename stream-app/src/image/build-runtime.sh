#!/usr/bin/env bash
# Assembles the image's runtime layer: a jlinked JRE and the C libraries it and the bundled JNI
# libraries (RocksDB, zstd, snappy, lz4) link against, copied from the build machine. The image
# needs no base image, so Jib builds it from `scratch` with no registry and no Docker daemon.
#
# usage: build-runtime.sh OUTPUT_DIR MODULES APP_JAR
#   MODULES  comma-separated JDK modules (jdeps --print-module-deps plus the ones only loaded
#            reflectively: TLS's EC crypto, JFR, DNS naming)
#   APP_JAR  the shaded jar: the linux x86-64 JNI libraries in it are what the app loads at run time
set -euo pipefail

out=$1 modules=$2 app_jar=$(readlink -f "$3")
java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}

if [[ $(uname -s) != Linux ]]; then
  echo "build-runtime.sh: the image bundles the build machine's C libraries, so it builds only on Linux" >&2
  exit 1
fi

rm -rf "$out"
mkdir -p "$out/opt" "$out/tmp" "$out/var/lib/stoppay" "$out/etc/stoppay"
"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --compress=2 --generate-cds-archive --output "$out/opt/java"
# java.desktop is in for java.beans only: drop its graphics and sound libraries, which would
# otherwise pull in X11, ALSA and font rendering.
(cd "$out/opt/java/lib" && rm -f libawt_xawt.so libjawt.so libsplashscreen.so libjsound.so libfontmanager.so liblcms.so libjavajpeg.so)

# The JNI libraries the app's dependencies extract and load at run time (glibc builds only).
jni=$(mktemp -d)
trap 'rm -rf "$jni"' EXIT
mapfile -t jni_entries < <("$java_home/bin/jar" tf "$app_jar" \
  | grep -iE '\.so$' | grep -iE 'linux' | grep -iE 'amd64|x86_64|linux64' | grep -viE 'musl|android')
(cd "$jni" && "$java_home/bin/jar" xf "$app_jar" "${jni_entries[@]}")

# Every library those and the JRE's own ELF files link against, by path.
mapfile -t elves < <(find "$out/opt/java" "$jni" -type f \( -name '*.so' -o -path '*/bin/*' -o -name jspawnhelper \))
links=$(ldd "${elves[@]}" 2>/dev/null) || true
# libjvm.so is found at run time through the JRE's own paths, which ldd does not see.
missing=$(grep '=> not found' <<< "$links" | grep -v 'libjvm.so' | sort -u | tr -s ' \t\n' ' ') || true
[[ -z $missing ]] || { echo "build-runtime.sh: libraries missing on this machine: $missing" >&2; exit 1; }
mapfile -t libs < <(awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// && $2 ~ /^\(/ { print $1 }' <<< "$links" \
  | grep -v -e "^$out/" -e "^$jni/" | sort -u)

for lib in "${libs[@]}"; do
  # Keep the path the loader looks for (e.g. /lib64/ld-linux-x86-64.so.2), as a regular file.
  mkdir -p "$out$(dirname "$lib")"
  cp -L "$lib" "$out$lib"
  if command -v dpkg-query >/dev/null; then
    package=$({ dpkg-query -S "$lib" || dpkg-query -S "$(readlink -f "$lib")"; } 2>/dev/null | head -1 | cut -d: -f1) || true
    if [[ -n ${package:-} && -f /usr/share/doc/$package/copyright ]]; then
      mkdir -p "$out/usr/share/doc/$package"
      cp "/usr/share/doc/$package/copyright" "$out/usr/share/doc/$package/copyright"
    fi
  fi
done
echo "build-runtime.sh: $(du -sh "$out" | cut -f1) runtime, ${#jni_entries[@]} JNI libraries checked, ${#libs[@]} system libraries in $out"
