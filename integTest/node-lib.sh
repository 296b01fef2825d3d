# Shared by node.sh (one node) and cluster.sh (three): where the installation lives, fetching the distribution and k-NN,
# installing both plugins into one OpenSearch home, running as an unprivileged user when run as root, waiting for the
# models. Expects root to be set by the caller.
OS_VERSION=3.5.0
KNN_VERSION=3.5.0.0
work=${LEAP_NODE_DIR:-$root/target/integTest}
home=$work/opensearch-$OS_VERSION
dl=$work/dl
user=${LEAP_NODE_USER:-leapnode}

log() { echo "[node.sh] $*" >&2; }

plugin_zip() {
  local z
  z=$(ls "$root"/target/opensearch-leap-*.zip 2>/dev/null | head -1 || true)
  [ -n "$z" ] || { log "no target/opensearch-leap-*.zip: run 'mvn -B package -DskipTests' first"; exit 1; }
  echo "$z"
}

fetch() {
  mkdir -p "$dl"
  if [ ! -f "$dl/opensearch-$OS_VERSION.zip" ] || [ ! -f "$dl/opensearch-knn-$KNN_VERSION.zip" ]; then
    log "fetching the distribution and k-NN from Maven Central (maven-dependency-plugin)"
    (cd "$root" && mvn -B -q dependency:copy -Dmdep.overWriteIfNewer=true -DoutputDirectory="$dl" \
      -Dartifact=org.opensearch.distribution.integ-test-zip:opensearch:$OS_VERSION:zip) >&2
    (cd "$root" && mvn -B -q dependency:copy -Dmdep.overWriteIfNewer=true -DoutputDirectory="$dl" \
      -Dartifact=org.opensearch.plugin:opensearch-knn:$KNN_VERSION:zip) >&2
  fi
}

as_node_user() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u "$user" -- "$@"
  else
    "$@"
  fi
}

install() {
  fetch
  if [ ! -x "$home/bin/opensearch" ]; then
    log "unpacking OpenSearch $OS_VERSION into $home"
    mkdir -p "$work" && unzip -q -o "$dl/opensearch-$OS_VERSION.zip" -d "$work"
    JAVA_HOME=$JAVA_HOME "$home/bin/opensearch-plugin" install --batch "file://$dl/opensearch-knn-$KNN_VERSION.zip" >&2
  fi
  local zip sum
  zip=$(plugin_zip)
  sum=$(sha256sum "$zip" | cut -d' ' -f1)
  if [ "$(cat "$home/.leap-zip.sha256" 2>/dev/null || true)" != "$sum" ]; then
    [ -d "$home/plugins/opensearch-leap" ] && JAVA_HOME=$JAVA_HOME "$home/bin/opensearch-plugin" remove opensearch-leap >&2
    log "installing $(basename "$zip")"
    JAVA_HOME=$JAVA_HOME "$home/bin/opensearch-plugin" install --batch "file://$zip" >&2
    echo "$sum" > "$home/.leap-zip.sha256"
  fi
  if [ "$(id -u)" = 0 ]; then
    id "$user" >/dev/null 2>&1 || useradd --create-home --shell /bin/bash "$user"
    chown -R "$user" "$home"
  fi
}

# Models load on the plugin's pool after start; a failed load is reported with its reason by the models API.
wait_for_models() {
  local body
  for _ in $(seq 1 240); do
    body=$(curl -s "$2/_plugins/_leap/models" || true)
    if [[ "$body" == *'"state":"failed"'* ]]; then log "a model failed to load: $body"; exit 1; fi
    if [[ "$body" == *'"state":"ready"'* && "$body" != *'"state":"loading"'* ]]; then
      log "models ready $((SECONDS - $1)) s after start"
      return 0
    fi
    sleep 0.5
  done
  log "the models did not load in 120 s: $body"; exit 1
}

