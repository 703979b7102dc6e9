# Sourced by bin/serve: the address the development server binds (BIND, default
# 127.0.0.1:8000; a bare port binds 127.0.0.1) and, unless they are set, the SITE_URL and
# ALLOWED_HOSTS that follow it, so that QR codes and e-mail links point to the served port.
# Binding every interface (0.0.0.0) uses this machine's first network address, which phones
# on the same network can reach.
BIND="${BIND:-127.0.0.1:8000}"
case "$BIND" in
  *:*) bind_host="${BIND%:*}"; bind_port="${BIND##*:}" ;;
  *) bind_host="127.0.0.1"; bind_port="$BIND"; BIND="127.0.0.1:$BIND" ;;
esac
public_host="$bind_host"
if [ -z "$public_host" ] || [ "$public_host" = "0.0.0.0" ]; then
  public_host="$(hostname -I 2>/dev/null | awk '{print $1}')"
  public_host="${public_host:-127.0.0.1}"
fi
export BIND
export SITE_URL="${SITE_URL:-http://${public_host}:${bind_port}}"
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-127.0.0.1,localhost,${public_host}}"
