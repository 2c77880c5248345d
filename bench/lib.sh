# lib.sh - what the benchmark scripts share: unpack the distribution into a scratch directory
# on the bench ports and start it. Source it, then call start_engine; stop_engine kills it.
# Needs REPO_ROOT and PASSWORD set; honours TARBALL, EXTRA_JAVA_OPTS and the BENCH_*_PORT variables.

HTTP_PORT="${BENCH_HTTP_PORT:-19181}"
SSH_PORT="${BENCH_SSH_PORT:-19101}"
RMI_REGISTRY_PORT="${BENCH_RMI_REGISTRY_PORT:-19099}"
RMI_SERVER_PORT="${BENCH_RMI_SERVER_PORT:-19444}"
unset KARAF_HOME KARAF_BASE KARAF_DATA KARAF_ETC OVM_ADMIN_PASSWORD

# start_engine DIR JAVA_OPTS: unpacks into DIR/ovm, starts it and waits for /health.
start_engine() {
    local dir=$1 opts=$2 tarball
    tarball="${TARBALL:-$(find "$REPO_ROOT/assembly/target" -maxdepth 1 -name "ovm-*.tar.gz" 2>/dev/null | head -n 1)}"
    [[ -f $tarball ]] || die "no distribution: build it with 'mvn -B install -DskipTests'"
    mkdir -p "$dir/ovm"
    tar xzf "$tarball" -C "$dir/ovm" --strip-components=1
    sed -i "s/^org.osgi.service.http.port *=.*/org.osgi.service.http.port = $HTTP_PORT/" "$dir/ovm/etc/org.ops4j.pax.web.cfg"
    sed -i "s/^sshPort *=.*/sshPort = $SSH_PORT/" "$dir/ovm/etc/org.apache.karaf.shell.cfg"
    sed -i "s/^rmiRegistryPort *=.*/rmiRegistryPort = $RMI_REGISTRY_PORT/; s/^rmiServerPort *=.*/rmiServerPort = $RMI_SERVER_PORT/" \
        "$dir/ovm/etc/org.apache.karaf.management.cfg"
    log "starting OVM from $tarball on port $HTTP_PORT ($opts)"
    OVM_ADMIN_PASSWORD=$PASSWORD EXTRA_JAVA_OPTS="$opts" "$dir/ovm/bin/start"
    for _ in $(seq 1 600); do
        [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$HTTP_PORT/api/v1/health") == 200 ]] && return 0
        sleep 0.5
    done
    die "OVM did not start; see $dir/ovm/data/log/karaf.log"
}

# stop_engine DIR: kills the engine started in DIR, if any.
stop_engine() {
    if [[ -f $1/ovm/karaf.pid ]]; then
        kill -9 "$(tr -dc '0-9' <"$1/ovm/karaf.pid")" 2>/dev/null || true
    fi
}
