# Sourced by bin/_bootstrap.sh. Another program (unattended-upgrades, a package manager window,
# another apt-get) may hold apt's lock for minutes: wait for it, saying so, instead of stopping.
# APT_LOCKS (space-separated paths) and APT_LOCK_POLL (seconds) are for the tests.

APT_LOCKS="${APT_LOCKS:-/var/lib/dpkg/lock-frontend /var/lib/dpkg/lock /var/lib/apt/lists/lock /var/cache/apt/archives/lock}"
APT_LOCK_POLL="${APT_LOCK_POLL:-5}"

# The holder of a lock file, or nothing: dpkg and apt take fcntl locks, which `flock` does not
# see, so Python asks the same way they do.
apt_lock_holder() {
  python3 - "$@" <<'PY'
import fcntl, os, struct, sys
for path in sys.argv[1:]:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        continue
    try:
        probe = struct.pack("hhqqi", fcntl.F_WRLCK, 0, 0, 0, 0)
        found = struct.unpack("hhqqi", fcntl.fcntl(fd, fcntl.F_GETLK, probe))
        if found[0] != fcntl.F_UNLCK:
            print(f"{path} (process {found[4]})")
            break
    finally:
        os.close(fd)
PY
}

wait_for_apt_lock() {
  local holder said=0
  # shellcheck disable=SC2086
  while holder="$(apt_lock_holder $APT_LOCKS)" && [ -n "$holder" ]; do
    if [ "$said" = 0 ]; then
      echo ">> another program holds apt's lock ($holder): waiting for it to finish…"
      said=1
    fi
    sleep "$APT_LOCK_POLL"
  done
  if [ "$said" = 1 ]; then echo ">> apt's lock is free again"; fi
}
