#!/usr/bin/env bash
# Builds the installer for this platform: .deb here (and .rpm where rpmbuild exists); the same
# inputs serve --type msi on Windows and dmg on macOS. Needs `mvn package` to have run (the
# Maven profile `installer` runs both: mvn -Pinstaller package).
#   1. the app as a modular jar, made with JDK 25's jar tool
#   2. a trimmed runtime: jlink of only the modules the app needs, JavaFX included
#   3. jpackage: launcher, icon, desktop entry in the Network category, file associations
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
source "$here/find-jdk.sh"
jdk=$(find_jdk) || { echo "jpackage/build.sh: no JDK 25 found" >&2; exit 1; }
version=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$root/pom.xml" | head -1)
out="$root/target/jpackage"
rm -rf "$out"
mkdir -p "$out/mods" "$out/dist"

# 1. Modular jar of the app; the library jars (JavaFX's platform jars, not its empty ones) beside it.
"$jdk/bin/jar" --create --file "$out/mods/bgpscope-$version.jar" --main-class org.bgpscope.Main \
  --module-version "$version" -C "$root/target/classes" .
for j in "$root"/target/lib/*.jar; do
  case "$(basename "$j")" in
    javafx-*-linux.jar|javafx-*-win.jar|javafx-*-mac*.jar) cp "$j" "$out/mods/" ;;
    javafx-*) ;;
    *) cp "$j" "$out/mods/" ;;
  esac
done

# picocli's class files are rewritten as version 52, so that the start-up cache can hold them (see UpgradeClassFiles.java).
for j in "$out"/mods/picocli-*.jar; do
  "$jdk/bin/java" "$here/UpgradeClassFiles.java" "$j" \
    || echo "jpackage/build.sh: warning: $(basename "$j") kept as it came (commands start about 0.1 s slower)" >&2
done

# 2. The runtime: what jdeps says the app and its libraries need, and nothing else. JNA and SLF4J
# (which pcap4j needs for live capture) are automatic modules, which jlink cannot link: they, pcap4j
# and the app stay modular jars on the launcher's module path (jpackage puts them in the app image).
mkdir -p "$out/app"
for j in "$out/mods/bgpscope-$version.jar" "$out"/mods/pcap4j-core-*.jar "$out"/mods/jna-*.jar "$out"/mods/slf4j-*.jar; do
  mv "$j" "$out/app/"
done
modules=$("$jdk/bin/jdeps" --multi-release 25 --module-path "$out/mods:$out/app" --print-module-deps --ignore-missing-deps \
  "$out"/app/*.jar 2>/dev/null | grep -v "^Warning" | tail -n 1)
full=$(du -sk "$jdk" | cut -f1)
"$jdk/bin/jlink" --module-path "$out/mods" --add-modules "$modules" --strip-debug --no-header-files \
  --no-man-pages --compress zip-9 --output "$out/runtime"
echo "runtime: $(du -sh "$out/runtime" | cut -f1) (modules: $modules); the full JDK is $((full / 1024)) MB" | tee "$out/sizes.txt"

# 3. The installer.
types=()
case "$(uname -s)" in
  Linux)
    command -v dpkg-deb >/dev/null && types+=(deb)
    command -v rpmbuild >/dev/null && types+=(rpm) ;;
  Darwin) types+=(dmg) ;;
  MINGW*|MSYS*|CYGWIN*) types+=(msi) ;;
esac
assoc=()
for f in "$here"/associations/*.properties; do assoc+=(--file-associations "$f"); done
for type in "${types[@]}"; do
  linux=()
  if [ "$type" = deb ] || [ "$type" = rpm ]; then
    # libpcap for live capture (pcap4j loads it through JNA); Debian 13 and Ubuntu 24.04 name it libpcap0.8t64.
    deps="libgtk-3-0 | libgtk-3-0t64, libgl1, libxtst6, libxxf86vm1, libpcap0.8 | libpcap0.8t64"
    [ "$type" = rpm ] && deps="gtk3, mesa-libGL, libXtst, libXxf86vm, libpcap"
    linux=(--linux-menu-group Network --linux-app-category net --linux-shortcut
           --linux-package-name bgpscope --linux-deb-maintainer "BGP Scope developers <dev@bgpscope.org>"
           --linux-package-deps "$deps" --icon "$root/assets/icons/bgpscope-128.png")
  fi
  "$jdk/bin/jpackage" --type "$type" --dest "$out/dist" \
    --name bgpscope --app-version "$version" --vendor "BGP Scope" \
    --description "$(cat "$here/description.txt")" --about-url "https://github.com/bgpscope/bgpscope" \
    --license-file "$root/LICENSE" --copyright "Copyright (c) 2026 BGP Scope developers" \
    --runtime-image "$out/runtime" --module-path "$out/app" --module bgpscope/org.bgpscope.Main \
    --app-content "$root/assets/sample.pcap" --app-content "$root/assets/samples" \
    --java-options '-Dbgpscope.sample=$APPDIR/../sample.pcap -Dbgpscope.samples=$APPDIR/../samples --enable-native-access=javafx.graphics,bgpscope,com.sun.jna' \
    --java-options '--add-exports=javafx.base/com.sun.javafx.event=org.controlsfx.controls' \
    --java-options '-XX:AOTCache=$APPDIR/../bgpscope.aot -Xlog:aot=off -Xlog:cds=off' \
    --resource-dir "$here/resources" "${assoc[@]}" "${linux[@]}"
done
ls -la "$out/dist"
