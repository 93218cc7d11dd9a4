"""The production stack on one machine: nginx in front of web nodes, task workers.

    python deploy/stack.py up [--nodes 2] [--workers 2] [--demo]     # until Ctrl-C
    python deploy/stack.py run [options] -- COMMAND [ARGS...]         # start, run, stop
    python deploy/stack.py nginx-config --server-name klynge.no --upstream 10.0.0.5:8000 ...

PostgreSQL and Redis come from outside, as DATABASE_URL and CACHE_URL: `make stack`
wraps this script in tests/with_postgres.py and tests/with_redis.py, which start
throwaway servers. Everything else is started here, in a temporary folder, without
root: a self-signed certificate, collectstatic, migrations, two gunicorn "web nodes"
on two ports, task workers and nginx terminating TLS in front of them.

`run` gives COMMAND these variables: STACK_URL (https through nginx), STACK_NODES
(the nodes' own http addresses, comma-separated), STACK_DIR (pid and log files),
STACK_CA (the certificate to trust), STACK_SMTP_PORT (where the stack sends mail
when EMAIL_URL was not set: start a server there to receive it).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "deploy" / "nginx" / "klynge.conf.in"
BROTLI_MODULES = Path("/usr/lib/nginx/modules")


def find_nginx() -> str | None:
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None
    )


def loud(message: str) -> None:
    bar = "!" * 72
    print(f"\n{bar}\n{message}\n{bar}\n", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def render_site(
    *,
    server_name: str,
    upstreams: list[str],
    https_listen: str,
    http_listen: str,
    https_port: int,
    cert: str,
    key: str,
    static_root: str,
    media_root: str,
    cache_dir: str,
    brotli: bool,
) -> str:
    """The nginx site for these nodes: the one template, for the stack and for operators."""
    brotli_block = (
        "    brotli on;\n    brotli_comp_level 5;\n    brotli_static on;\n"
        "    brotli_types text/css application/javascript application/json "
        "application/atom+xml image/svg+xml text/plain text/csv;"
        if brotli
        else "    # brotli: install libnginx-mod-http-brotli-filter to compress with it too."
    )
    values = {
        "SERVER_NAME": server_name,
        "UPSTREAMS": "\n".join(f"    server {u} max_fails=2 fail_timeout=5s;" for u in upstreams),
        "HTTPS_LISTEN": https_listen,
        "HTTP_LISTEN": http_listen,
        "HTTPS_PORT": str(https_port),
        "CERT": cert,
        "KEY": key,
        "STATIC_ROOT": static_root,
        "MEDIA_ROOT": media_root,
        "CACHE_DIR": cache_dir,
        "BROTLI": brotli_block,
    }
    text = TEMPLATE.read_text()
    for name, value in values.items():
        text = text.replace(f"@@{name}@@", value)
    return text


def has_brotli() -> bool:
    return (BROTLI_MODULES / "ngx_http_brotli_filter_module.so").exists()


def nginx_main(state: Path, site: str) -> str:
    """A whole nginx.conf that runs without root, everything under ``state``."""
    modules = ""
    if has_brotli():
        modules = "".join(
            f"load_module {BROTLI_MODULES / name};\n"
            for name in ("ngx_http_brotli_filter_module.so", "ngx_http_brotli_static_module.so")
        )
    temp = state / "nginx-temp"
    return f"""{modules}worker_processes 2;
pid {state}/nginx.pid;
error_log {state}/nginx-error.log warn;
events {{ worker_connections 4096; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {state}/nginx-access.log;
    sendfile on;
    keepalive_requests 10000;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
{site}
}}
"""


class Stack:
    def __init__(self, *, nodes: int, workers: int, port: int, threads: int, gunicorn_workers: int):
        self.nodes, self.workers, self.threads = nodes, workers, threads
        self.gunicorn_workers = gunicorn_workers
        self.https_port = port or free_port()
        self.http_port = free_port()
        self.node_ports = [free_port() for _ in range(nodes)]
        self.smtp_port = free_port()
        self.state = Path(tempfile.mkdtemp(prefix="klynge-stack-"))
        # nginx's workers run as nobody when started by root: they must read these.
        self.state.chmod(0o755)
        self.processes: dict[str, subprocess.Popen] = {}
        self.python = sys.executable
        # One key for every node (sessions and signed links cross nodes) and for
        # the command that `run` starts, which writes sessions into the same database.
        self.secret_key = os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50)

    @property
    def url(self) -> str:
        return f"https://localhost:{self.https_port}"

    def env(self) -> dict[str, str]:
        if "DATABASE_URL" not in os.environ:
            raise SystemExit("DATABASE_URL is not set: run me through tests/with_postgres.py")
        env = dict(os.environ)
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        env.update(
            KLYNGE_ENV="production",
            SECRET_KEY=self.secret_key,
            ALLOWED_HOSTS="localhost,127.0.0.1",
            SITE_URL=self.url,
            CSRF_TRUSTED_ORIGINS=self.url,
            STATIC_ROOT=str(self.state / "static"),
            MEDIA_ROOT=str(self.state / "media"),
            PRIVATE_MEDIA_ROOT=str(self.state / "private-media"),
            KLYNGE_VAR_DIR=str(self.state / "var"),
            DATABASE_CONN_MAX_AGE="60",
            TRUSTED_PROXIES=env.get("TRUSTED_PROXIES", "1"),
            EMAIL_URL=env.get("EMAIL_URL") or f"smtp://127.0.0.1:{self.smtp_port}",
        )
        return env

    def manage(self, *args: str) -> None:
        subprocess.run(
            [self.python, "manage.py", *args],
            cwd=ROOT,
            env=self.env(),
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def prepare(self, *, demo: bool) -> None:
        key, cert = self.state / "tls.key", self.state / "tls.crt"
        subprocess.run(
            [
                "openssl",
                "req",
                "-x509",
                # P-256, as most certificates today: a handshake costs nginx (and
                # the benchmarks' clients) a fraction of what RSA-2048 does.
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=localhost",
                "-addext",
                "subjectAltName=DNS:localhost,IP:127.0.0.1",
                "-keyout",
                str(key),
                "-out",
                str(cert),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        key.chmod(0o644)  # a throwaway key, read by nginx's unprivileged workers
        for folder in ("media", "private-media", "var", "nginx-temp", "nginx-cache"):
            (self.state / folder).mkdir(mode=0o755)
        self.manage("migrate", "--noinput")
        self.manage("createcachetable")
        self.manage("collectstatic", "--noinput")
        if demo:
            self.manage("load_demo")
        site = render_site(
            server_name="localhost",
            upstreams=[f"127.0.0.1:{p}" for p in self.node_ports],
            https_listen=f"127.0.0.1:{self.https_port}",
            http_listen=f"127.0.0.1:{self.http_port}",
            https_port=self.https_port,
            cert=str(cert),
            key=str(key),
            static_root=str(self.state / "static"),
            media_root=str(self.state / "media"),
            cache_dir=str(self.state / "nginx-cache"),
            brotli=has_brotli(),
        )
        (self.state / "nginx.conf").write_text(nginx_main(self.state, site))

    def start_node(self, n: int) -> None:
        port = self.node_ports[n]
        argv = [
            self.python,
            "-m",
            "gunicorn",
            "klynge.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(self.gunicorn_workers),
            "--threads",
            str(self.threads),
            # Above nginx's proxy_read_timeout (60 s): under a burst nginx gives up
            # first with a 504, instead of gunicorn killing a sync process that is
            # waiting on a lock and answering 502s for everything it held.
            "--timeout",
            "70",
            "--no-control-socket",
            # The app and its URLs are loaded once, before the fork (klynge/wsgi.py).
            "--preload",
            "--pid",
            str(self.state / f"web{n + 1}.pid"),
            "--error-logfile",
            str(self.state / f"web{n + 1}.log"),
        ]
        # How to start this node again: a test kills one mid-load and brings it back.
        spec = self.state / f"web{n + 1}.json"
        spec.write_text(json.dumps({"argv": argv, "env": self.env(), "cwd": str(ROOT)}))
        spec.chmod(0o600)  # it holds the secret key
        self.processes[f"web{n + 1}"] = subprocess.Popen(argv, cwd=ROOT, env=self.env())

    def start(self) -> None:
        for n in range(self.nodes):
            self.start_node(n)
        for n in range(self.workers):
            log = open(self.state / f"worker{n + 1}.log", "w")  # noqa: SIM115 - kept open
            self.processes[f"worker{n + 1}"] = subprocess.Popen(
                [
                    self.python,
                    "manage.py",
                    "db_worker",
                    "--no-reload",
                    "--queue-name",
                    "*",
                    "--worker-id",
                    f"stack-worker-{n + 1}",
                    "--interval",
                    "0.2",
                ],
                cwd=ROOT,
                env=self.env(),
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        # The nodes first, each on its own port, and only then nginx: a node that
        # refuses nginx's first connections (still booting) is marked down for
        # fail_timeout in every nginx process, and a burst right after start got
        # "no live upstreams" 502s from the processes that had not seen it come up.
        self.wait_healthy([f"http://127.0.0.1:{p}/healthz" for p in self.node_ports])
        self.processes["nginx"] = subprocess.Popen(
            [
                find_nginx(),
                "-c",
                str(self.state / "nginx.conf"),
                "-p",
                str(self.state),
                "-g",
                "daemon off;",
            ],
            stderr=open(self.state / "nginx-start.log", "w"),  # noqa: SIM115 - kept open
        )
        self.wait_healthy([f"{self.url}/healthz"])

    def ssl_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.state / "tls.crt"))

    def wait_healthy(self, urls: list[str], timeout: float = 180) -> None:
        """Until each of ``urls`` answers 200, in turn (a busy machine boots slowly)."""
        deadline = time.monotonic() + timeout
        pending = list(urls)
        while pending and time.monotonic() < deadline:
            url = pending[0]
            request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
            try:
                context = self.ssl_context() if url.startswith("https") else None
                with urllib.request.urlopen(request, timeout=5, context=context) as response:
                    if response.status == 200:
                        pending.pop(0)
                        continue
            except OSError:
                pass
            time.sleep(0.2)
        if pending:
            self.dump_logs()
            raise SystemExit(f"The stack did not come up: {pending[0]} does not answer")

    def dump_logs(self) -> None:
        for log in sorted(self.state.glob("*.log")) + [self.state / "nginx.conf"]:
            print(f"--- {log.name}\n{log.read_text()[-3000:]}", file=sys.stderr)

    def variables(self) -> dict[str, str]:
        return {
            "STACK_URL": self.url,
            "STACK_NODES": ",".join(f"http://127.0.0.1:{p}" for p in self.node_ports),
            "STACK_DIR": str(self.state),
            "STACK_CA": str(self.state / "tls.crt"),
            "STACK_SMTP_PORT": str(self.smtp_port),
            "SECRET_KEY": self.secret_key,
        }

    def stop(self) -> None:
        for name, process in self.processes.items():
            if process.poll() is None:
                graceful = signal.SIGQUIT if name == "nginx" else signal.SIGTERM
                process.send_signal(graceful)
        for process in self.processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        self.stop_restarted_nodes()
        shutil.rmtree(self.state, ignore_errors=True)

    def stop_restarted_nodes(self) -> None:
        """A node started again from its web<n>.json (tests/stack/test_node_failure.py)
        is not ours to wait for: stop it by its pid file, or it outlives the stack."""
        for pidfile in self.state.glob("web*.pid"):
            with contextlib.suppress(OSError, ValueError):  # already gone
                os.kill(int(pidfile.read_text().strip()), signal.SIGTERM)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="action", required=True)
    for name in ("up", "run"):
        p = sub.add_parser(name)
        p.add_argument("--nodes", type=int, default=2)
        p.add_argument("--workers", type=int, default=2, help="task workers")
        p.add_argument("--gunicorn-workers", type=int, default=2, help="processes per node")
        p.add_argument("--threads", type=int, default=1, help="threads per gunicorn process")
        p.add_argument("--port", type=int, default=0, help="https port (default: a free one)")
        p.add_argument("--demo", action="store_true", help="load the demo data")
        if name == "run":
            p.add_argument("command", nargs=argparse.REMAINDER)
    config = sub.add_parser("nginx-config", help="print an nginx site for your own servers")
    config.add_argument("--server-name", required=True)
    config.add_argument("--upstream", action="append", required=True, help="host:port of a node")
    config.add_argument("--cert", default="/etc/letsencrypt/live/SERVER/fullchain.pem")
    config.add_argument("--key", default="/etc/letsencrypt/live/SERVER/privkey.pem")
    config.add_argument("--static-root", default="/srv/klynge/static")
    config.add_argument("--media-root", default="/srv/klynge/media")
    config.add_argument("--cache-dir", default="/var/cache/nginx/klynge", help="the micro-cache")
    args = parser.parse_args(argv)

    if args.action == "nginx-config":
        print(
            render_site(
                server_name=args.server_name,
                upstreams=args.upstream,
                https_listen="443",
                http_listen="80",
                https_port=443,
                cert=args.cert.replace("SERVER", args.server_name),
                key=args.key.replace("SERVER", args.server_name),
                static_root=args.static_root,
                media_root=args.media_root,
                cache_dir=args.cache_dir,
                brotli=has_brotli(),
            ).replace("$host:443$request_uri", "$host$request_uri")
        )
        return 0

    if find_nginx() is None:
        if os.environ.get("CI", "").lower() == "true":
            loud("nginx is not installed, and CI=true: failing.")
            return 1
        loud("SKIPPED: the stack needs nginx (apt-get install nginx). CI runs it.")
        return 0
    command = [c for c in getattr(args, "command", []) if c != "--"]
    if args.action == "run" and not command:
        parser.error("run needs a command after --")
    stack = Stack(
        nodes=args.nodes,
        workers=args.workers,
        port=args.port,
        threads=args.threads,
        gunicorn_workers=args.gunicorn_workers,
    )
    try:
        stack.prepare(demo=args.demo)
        stack.start()
        if args.action == "up":
            print(f"Klynge stack: {stack.url}/ (self-signed certificate: {stack.state}/tls.crt)")
            for name, value in stack.variables().items():
                print(f"  {name}={value}")
            print("Ctrl-C stops it all.", flush=True)
            signals = {signal.SIGINT, signal.SIGTERM}
            signal.pthread_sigmask(signal.SIG_BLOCK, signals)
            signal.sigwait(signals)
            return 0
        env = dict(os.environ, **stack.variables())
        return subprocess.run(command, env=env).returncode
    except subprocess.CalledProcessError as exc:
        stack.dump_logs()
        print(f"The stack could not start: {exc}", file=sys.stderr)
        return 1
    finally:
        stack.stop()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
