"""Build the site, serve it on 127.0.0.1:8000, and rebuild whenever a file the build reads changes.

    python tools/serve.py [--host 127.0.0.1] [--port 8000] [--output output] [--settings pelicanconf.py]

Each rebuild is the real staged build (tools/build.py, in a fresh process so edits to plugins/
count too): while an editor's mistake stands, it prints the same ``path:line: message`` lines,
the last good site (with its search index) stays served, and nothing happens until the next
change. A port already in use is one line and exit status 1.
"""
from __future__ import annotations

import argparse
import errno
import functools
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
# Everything the build reads. The output folder and the build's staging folders are not in it.
WATCHED = ("content", "data", "theme", "plugins", "tools/build.py", "pelicanconf.py", "publishconf.py")
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


def build(project: Path, output: Path, settings: Path) -> int:
    """One staged build in its own process; its lines go straight to our stderr. Returns its exit status."""
    command = [sys.executable, str(project / "tools" / "build.py"), "--output", str(output), "--settings", str(settings),
               "--index-after-swap"]  # an edit shows first; the search index follows
    return subprocess.run(command, cwd=project, check=False, stdout=subprocess.DEVNULL).returncode


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
    try:
        code = build(project, output, settings)
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
            if build(project, output, settings) == 0:
                print(f"rebuilt; serving http://{host}:{port}/", file=sys.stderr, flush=True)
            else:
                print("the build failed (fix the lines above); still serving the last good site; "
                      "waiting for the next change", file=sys.stderr, flush=True)
    except KeyboardInterrupt:
        pass
    finally:
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
    args = parser.parse_args(argv)
    output = (Path.cwd() / args.output).resolve() if not args.output.is_absolute() else args.output
    settings = (Path.cwd() / args.settings).resolve() if not args.settings.is_absolute() else args.settings
    try:
        return serve(PROJECT, args.host, args.port, output, settings)
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
        return 0


if __name__ == "__main__":
    sys.exit(main())
