"""Build the site, serve it on 127.0.0.1:8000, and rebuild whenever a file the build reads changes.

    python tools/serve.py [--host 127.0.0.1] [--port 8000] [--output output] [--settings pelicanconf.py]

Each rebuild is the real staged build (tools/build.py) in a fresh process, forked from a warm
builder that has imported Pelican and the plugin once (so a rebuild does not pay for starting
Python); an edit to plugins/ or tools/ starts a new warm builder, so code edits count too. While
an editor's mistake stands, it prints the same ``path:line: message`` lines, the last good site
(with its search index) stays served, and nothing happens until the next change. The edited
pages are served first and the search index follows (build.py --index-after-swap). A port
already in use is one line and exit status 1.
"""
from __future__ import annotations

import argparse
import errno
import functools
import importlib
import json
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
# Everything the build reads. The output folder and the build's staging folders are not in it.
WATCHED = ("content", "data", "theme", "plugins", "tools/build.py", "tools/serve.py", "pelicanconf.py",
           "publishconf.py")
IGNORED_PARTS = ("__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache")


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serves the output folder; the request log would drown the build's messages."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")  # an edit shows on the next reload
        super().end_headers()


def open_server(host: str, port: int, output: Path) -> ThreadingHTTPServer:
    """Bind the port first, so a taken port stops us before the first build."""
    handler = functools.partial(_QuietHandler, directory=str(output))
    return ThreadingHTTPServer((host, port), handler)


REFUSED = 2  # tools/build.py's exit status when the output folder is not the build's own


def build_arguments(output: Path, settings: Path) -> list[str]:
    return ["--output", str(output), "--settings", str(settings), "--index-after-swap"]  # pages first, then the index


def build(project: Path, output: Path, settings: Path) -> int:
    """One staged build in its own process; its lines go straight to our stderr. Returns its exit status."""
    command = [sys.executable, str(project / "tools" / "build.py"), *build_arguments(output, settings)]
    return subprocess.run(command, cwd=project, check=False, stdout=subprocess.DEVNULL).returncode


# Code the warm builder has imported: an edit here needs a new builder.
CODE = ("plugins", "tools")


class WarmBuilder:
    """A process that imports tools/build.py, Pelican and the plugin once, then forks one child per
    build (``serve.py --builder``). It runs no thread, so forking it is safe; each child starts
    from the same freshly imported state and exits when its build ends."""

    def __init__(self, project: Path):
        self.project = project
        self.proc: subprocess.Popen[str] | None = None

    def start(self) -> None:
        self.stop()
        self.proc = subprocess.Popen([sys.executable, str(self.project / "tools" / "serve.py"), "--builder"],
                                     cwd=self.project, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def build(self, output: Path, settings: Path) -> int:
        """One build by a child of the warm builder; a fresh process if the builder is gone."""
        proc = self.proc
        if proc is None or proc.poll() is not None or proc.stdin is None or proc.stdout is None:
            return build(self.project, output, settings)
        try:
            proc.stdin.write(json.dumps(build_arguments(output, settings)) + "\n")
            proc.stdin.flush()
            answer = proc.stdout.readline()
        except OSError:
            answer = ""
        if not answer.strip().lstrip("-").isdigit():
            self.stop()
            return build(self.project, output, settings)
        return int(answer)

    def stop(self) -> None:
        if self.proc is not None:
            if self.proc.stdin is not None:
                self.proc.stdin.close()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            self.proc = None


def run_builder() -> int:
    """``serve.py --builder``: import once, then fork a build per line of arguments on stdin."""
    import os
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for `make serve`; its end closes our stdin
    sys.path.insert(0, str(PROJECT / "tools"))
    sys.path.insert(0, str(PROJECT / "plugins"))
    build_tool: Any = importlib.import_module("build")  # tools/build.py
    for module in ("pelican", "pelican.settings", "pelican.generators", "farside.plugin"):
        importlib.import_module(module)  # what every build imports, imported once here

    for line in sys.stdin:
        pid = os.fork()
        if pid == 0:  # the child: one build, its messages on our stderr, nothing on the answer pipe
            code = 1
            try:
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, 1)
                signal.signal(signal.SIGINT, signal.default_int_handler)
                code = int(build_tool.main(json.loads(line)))
            finally:
                sys.stderr.flush()
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        print(os.waitstatus_to_exitcode(status), flush=True)
    return 0


def watched_paths(project: Path) -> list[Path]:
    return [project / name for name in WATCHED if (project / name).exists()]


def relevant(output: Path) -> Any:
    """A watchfiles filter: changes under the output folder, staging folders and caches are not edits."""
    from watchfiles import DefaultFilter

    default = DefaultFilter()
    output = output.resolve()

    def keep(change: Any, path: str) -> bool:
        resolved = Path(path)
        if output == resolved or output in resolved.parents:
            return False
        if any(part in IGNORED_PARTS or part.startswith((".build-", ".old-")) for part in resolved.parts):
            return False
        return bool(default(change, path))

    return keep


def serve(project: Path, host: str, port: int, output: Path, settings: Path,
          stop: threading.Event | None = None) -> int:
    from watchfiles import watch

    stop = stop or threading.Event()
    try:
        server = open_server(host, port, output)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            print(f"{host}:{port}: port already in use (another `make serve`?); stop it or run "
                  f"make serve PORT={port + 1}", file=sys.stderr)
        else:
            print(f"{host}:{port}: cannot serve there ({exc.strerror}); try make serve HOST=127.0.0.1 PORT=8000",
                  file=sys.stderr)
        return 1
    threading.Thread(target=server.serve_forever, daemon=True).start()
    builder = WarmBuilder(project)
    builder.start()
    try:
        code = builder.build(output, settings)
        if code == REFUSED:
            return code
        state = "serving" if code == 0 else "the build failed (fix the lines above); serving the last good site"
        print(f"{state} on http://{host}:{port}/ ; watching for changes (Ctrl-C to stop)", file=sys.stderr, flush=True)
        for changes in watch(*watched_paths(project), watch_filter=relevant(output), stop_event=stop,
                             debounce=400, raise_interrupt=False):
            changed = sorted({Path(path).relative_to(project).as_posix() for _, path in changes
                              if Path(path).is_relative_to(project) and Path(path).exists()}) or ["a file was removed"]
            print(f"changed: {', '.join(changed[:3])}{' ...' if len(changed) > 3 else ''}; rebuilding",
                  file=sys.stderr, flush=True)
            if any(Path(path).is_relative_to(project / folder) for _, path in changes for folder in CODE):
                builder.start()  # new code: a new warm builder imports it
            if builder.build(output, settings) == 0:
                print(f"rebuilt; serving http://{host}:{port}/", file=sys.stderr, flush=True)
            else:
                print("the build failed (fix the lines above); still serving the last good site; "
                      "waiting for the next change", file=sys.stderr, flush=True)
    except KeyboardInterrupt:
        pass
    finally:
        builder.stop()
        server.shutdown()
        server.server_close()
    print("stopped", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--output", type=Path, default=PROJECT / "output")
    parser.add_argument("--settings", type=Path, default=PROJECT / "pelicanconf.py")
    parser.add_argument("--builder", action="store_true", help=argparse.SUPPRESS)  # the warm builder
    args = parser.parse_args(argv)
    if args.builder:
        return run_builder()
    output = (Path.cwd() / args.output).resolve() if not args.output.is_absolute() else args.output
    settings = (Path.cwd() / args.settings).resolve() if not args.settings.is_absolute() else args.settings
    try:
        return serve(PROJECT, args.host, args.port, output, settings)
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
        return 0


if __name__ == "__main__":
    sys.exit(main())
