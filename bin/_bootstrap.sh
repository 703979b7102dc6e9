# Shared by bin/serve and bin/test: system packages, the virtualenv, translations.
# Sourced, not run. Installs what is missing (as root) or stops with the command to run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# fonts-noto-cjk: Chinese in PDFs; pango/harfbuzz: WeasyPrint; gettext: translations;
# poppler-utils: the tests read PDFs (pdffonts, pdftotext); chromium: browser tests;
# redis-server: the cache CI's PostgreSQL run uses (REDIS_URL).
SYSTEM_PACKAGES=(python3-venv fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 gettext poppler-utils)
if [ "${WITH_BROWSER:-0}" = "1" ]; then SYSTEM_PACKAGES+=(chromium redis-server); fi
# wrk: the load client of bin/bench.
if [ "${WITH_BENCH:-0}" = "1" ]; then SYSTEM_PACKAGES+=(wrk); fi

missing=()
for pkg in "${SYSTEM_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
# apt-get itself also waits for the lock (DPkg::Lock::Timeout), should it be taken in between.
APT_WAIT=(-o DPkg::Lock::Timeout=900)
source bin/_apt_lock.sh
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = "0" ]; then
    echo ">> installing system packages: ${missing[*]}"
    wait_for_apt_lock
    apt-get "${APT_WAIT[@]}" update -qq
    DEBIAN_FRONTEND=noninteractive apt-get "${APT_WAIT[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    wait_for_apt_lock
    sudo apt-get "${APT_WAIT[@]}" update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get "${APT_WAIT[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "Missing system packages. Run:"
    echo "  sudo apt-get install -y ${missing[*]}"
    exit 1
  fi
fi

PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  echo ">> creating .venv"
  "$PY" -m venv .venv
fi
stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f "$stamp" ]; then
  echo ">> installing Python packages"
  .venv/bin/python -m pip install -q --upgrade "pip>=25.3"
  # xstatic-bootstrap is an sdist that needs setuptools' pkg_resources to build.
  constraints=$(mktemp)
  echo 'setuptools<81' > "$constraints"
  .venv/bin/python -m pip install -q --build-constraint "$constraints" ".[test]"
  rm -f "$constraints"
  rm -f .venv/.installed-*
  touch "$stamp"
fi

# Compiled translations are build output, not committed.
.venv/bin/python manage.py compilemessages -v0 --ignore=.venv >/dev/null

# The tests share rate-limit counts through Redis (CI requires it): start the local server when
# it is installed but not answering, the way .ci/run does.
if [ "${WITH_BROWSER:-0}" = "1" ] && command -v redis-server >/dev/null \
  && ! (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; then
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
  for _ in $(seq 1 20); do (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null && break; sleep 0.5; done
fi
