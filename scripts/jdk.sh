# Sourced by the scripts: finds a JDK >= 21 when the default java is older, and exports JAVA_HOME.
java_major() { "$1" -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit}'; }
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(java_major "$JAVA_HOME/bin/java")" -ge 21 ]; then
  :
elif command -v java >/dev/null && [ "$(java_major java)" -ge 21 ] 2>/dev/null; then
  JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
else
  JAVA_HOME=""
  for candidate in /usr/lib/jvm/* /opt/java/* /opt/jdk*; do
    if [ -x "$candidate/bin/javac" ] && [ "$(java_major "$candidate/bin/java")" -ge 21 ] 2>/dev/null; then
      JAVA_HOME=$candidate
      break
    fi
  done
  if [ -z "$JAVA_HOME" ]; then
    echo "Zhaowo needs a JDK 21 or newer; none found (install e.g. openjdk-21-jdk or temurin-21-jdk)." >&2
    exit 1
  fi
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
