"""`python -m local.zipkin` runs Zipkin in the foreground until Ctrl-C; `--fetch` only resolves its jar."""

import argparse
import signal
import sys
from types import FrameType

from local.zipkin.local_zipkin import LocalZipkin, ZipkinError, ensure_jar


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m local.zipkin", description=__doc__)
    parser.add_argument("--fetch", action="store_true", help="resolve Zipkin's jar from Maven Central and exit")
    parser.add_argument("--port", type=int, help="HTTP port (default: a free one)")
    return parser.parse_args()


def _exit_on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)


def main() -> int:
    args = _arguments()
    try:
        if args.fetch:
            print(f"Zipkin jar ready: {ensure_jar()}")
            return 0
        zipkin = LocalZipkin(port=args.port)
        print(f"Zipkin ready at {zipkin.start()}/zipkin/ (spans to {zipkin.spans_endpoint}); Ctrl-C stops it")
    except ZipkinError as error:
        print(error, file=sys.stderr)
        return 1
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        code = zipkin.wait()
        print(f"Zipkin exited with {code}; {zipkin.log_path} ends with:\n{zipkin.log_tail()}", file=sys.stderr)
        return 1
    except (KeyboardInterrupt, SystemExit):
        return 0
    finally:
        zipkin.stop()


if __name__ == "__main__":
    sys.exit(main())
