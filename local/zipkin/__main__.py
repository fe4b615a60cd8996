"""`python -m local.zipkin` runs Zipkin in the foreground until Ctrl-C; `--fetch` only resolves its jar."""

import argparse
import sys

from local.zipkin.local_zipkin import LocalZipkin, ZipkinError, ensure_jar


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m local.zipkin", description=__doc__)
    parser.add_argument("--fetch", action="store_true", help="resolve Zipkin's jar from Maven Central and exit")
    parser.add_argument("--port", type=int, help="HTTP port (default: a free one)")
    return parser.parse_args()


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
    return zipkin.serve_until_stopped()


if __name__ == "__main__":
    sys.exit(main())
