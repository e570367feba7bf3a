"""Fails when a compose file publishes a port on every address.

Installed beside deploy/server/provision; run by it on each compose file (python3 and python3-yaml
come with podman-compose). Podman's published ports are DNAT rules that pass before ufw's INPUT
chain, so a port published on 0.0.0.0 is public whatever the firewall says: every published port
must name 127.0.0.1 or ::1, except the edge's HTTP and HTTPS ports (80/443 by default).

Usage: python3 compose-ports.py FILE...   (exit 1 naming each offending port)
"""

import re
import sys

import yaml

LOOPBACK = ("127.0.0.1", "::1", "[::1]", "localhost")
# ${NAME:-80} or ${NAME-80} or 80: the port a variable defaults to.
DEFAULT = re.compile(r"^\$\{[A-Za-z_][A-Za-z0-9_]*:?-([0-9]+)\}$|^([0-9]+)$")


def split_short(entry):
    """'[IP:]HOST:CONTAINER[/proto]' -> (ip, host, container); variables kept whole."""
    text = str(entry).split("/")[0]
    parts, depth, cur = [], 0, ""
    for ch in text:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        if ch == ":" and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    if text.startswith("["):  # [::1]:HOST:CONTAINER
        ip, rest = text[1:].split("]:", 1)
        return (ip,) + tuple(split_short(rest)[1:])
    if len(parts) == 1:
        return ("", "", parts[0])  # container port only: a random host port on every address
    if len(parts) == 2:
        return ("", parts[0], parts[1])
    return (":".join(parts[:-2]), parts[-2], parts[-1])


def problems(path):
    with open(path, encoding="utf-8") as f:
        doc = yaml.safe_load(f) or {}
    found = []
    for name, service in (doc.get("services") or {}).items():
        service = service or {}
        if service.get("network_mode") == "host":
            found.append(f"{path}: {name}: network_mode host publishes every port it listens on")
        for entry in service.get("ports") or []:
            if isinstance(entry, dict):
                ip = str(entry.get("host_ip", ""))
                host = str(entry.get("published", ""))
                text = f"{entry}"
            else:
                ip, host, _ = split_short(entry)
                text = str(entry)
            if ip in LOOPBACK:
                continue
            m = DEFAULT.match(host)
            port = (m.group(1) or m.group(2)) if m else None
            if name == "edge" and port in ("80", "443"):
                continue
            found.append(f"{path}: {name}: '{text}' is published on every address (bind it to 127.0.0.1)")
    return found


def main(paths):
    found = [p for path in paths for p in problems(path)]
    for line in found:
        print(line, file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
